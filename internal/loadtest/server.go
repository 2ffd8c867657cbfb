package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is an okr serve process started for a run.
type Server struct {
	URL string
	PID int
	cmd *exec.Cmd
}

// StartServer runs bin serve on dsn at a free loopback port with the extra
// arguments, its log written to logw, and waits until it answers /readyz.
func StartServer(ctx context.Context, bin, dsn string, logw io.Writer, extra ...string) (*Server, error) {
	return start(ctx, bin, "serve", dsn, logw, extra...)
}

// StartCeiling runs bin loadtest-ceiling on dsn: the ceilings' server
// (CeilingHandler), started the same way as okr serve.
func StartCeiling(ctx context.Context, bin, dsn string, logw io.Writer) (*Server, error) {
	return start(ctx, bin, "loadtest-ceiling", dsn, logw)
}

func start(ctx context.Context, bin, sub, dsn string, logw io.Writer, extra ...string) (*Server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{sub, "--db", dsn, "--addr", addr}, extra...)...)
	cmd.Stdout, cmd.Stderr = logw, logw
	cmd.Env = append(os.Environ(), "OKR_DATABASE_URL=")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("loadtest: start %s %s: %w", bin, sub, err)
	}
	s := &Server{URL: "http://" + addr, PID: cmd.Process.Pid, cmd: cmd}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(s.URL + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.Stop()
			return nil, fmt.Errorf("loadtest: the server at %s did not get ready", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop asks the server to shut down and waits for it.
func (s *Server) Stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		return <-done
	}
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// peakRSS returns the process's peak resident memory (VmHWM) in bytes.
func peakRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// processCPU returns the user and system CPU time process pid has used
// (/proc/PID/stat, fields 14 and 15, in clock ticks of 1/100 s).
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, fmt.Errorf("loadtest: /proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("loadtest: /proc/%d/stat: %d fields", pid, len(f))
	}
	var ticks int64
	for _, s := range f[11:13] { // utime, stime: fields 14 and 15 of the whole line
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("loadtest: /proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * (time.Second / 100), nil
}
