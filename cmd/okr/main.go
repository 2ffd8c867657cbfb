// Command okr is the OKR system: the web application and JSON API
// (okr serve) and the command-line tools around it. Each subcommand lives in
// its own file and registers itself with register.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand. run gets the arguments after the subcommand's
// name and writes to stdout/stderr; it returns an error to exit with status 1
// (or an exitError for another status).
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *cliEnv, args []string) error
	// subcommands are the names a command takes as its first argument
	// (okr token create), for help and shell completion.
	subcommands []string
	// hidden commands are left out of the usage and completion.
	hidden bool
}

// cliEnv carries what a subcommand may read from the outside world, so tests
// can run subcommands in-process.
type cliEnv struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
	// complete, when set, receives a command's flag set instead of the
	// command running (okr __complete; see completion.go).
	complete func(fs *flag.FlagSet)
}

// exitError makes main exit with a given status without printing more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &cliEnv{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}
	code := runMain(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// runMain runs the subcommand named by args[0] and returns the exit status:
// 0 done, 1 failed, 2 a usage error (printed on one line), or what a
// command documents.
func runMain(ctx context.Context, env *cliEnv, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.stderr, "okr: no command given (see 'okr help')")
		return 2
	}
	switch args[0] {
	case "-h", "--help", "-help":
		args = []string{"help"}
	case "--version", "-version":
		args = []string{"version"}
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.stderr, "okr: unknown command %q (see 'okr help')\n", args[0])
		return 2
	}
	err := c.run(ctx, env, args[1:])
	var ee exitError
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.stderr, "okr %s: %s (see 'okr help %s')\n", ue.cmd, ue.msg, ue.cmd)
		return 2
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintf(env.stderr, "okr %s: %v\n", c.name, err)
	return 1
}

// usageError is a mistake in how a command was called. runMain prints it on
// one line, with where to read the usage, and exits with status 2.
type usageError struct{ cmd, msg string }

func (e usageError) Error() string { return e.msg }

// usagef returns a usageError of the flag set's command.
func usagef(fs *flag.FlagSet, format string, a ...any) error {
	return usageError{cmd: strings.TrimPrefix(fs.Name(), "okr "), msg: fmt.Sprintf(format, a...)}
}

// noOperands is a usage error when arguments other than flags were given.
func noOperands(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef(fs, "unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// oneOperand returns the one argument other than flags, what names it in the
// usage error when there is none or more than one.
func oneOperand(fs *flag.FlagSet, what string) (string, error) {
	switch fs.NArg() {
	case 0:
		return "", usagef(fs, "missing %s", what)
	case 1:
		return fs.Arg(0), nil
	}
	return "", usagef(fs, "one %s expected, got %d arguments (%s)", what, fs.NArg(), strings.Join(fs.Args(), " "))
}

// required is a usage error when the flag name was not given a value.
func required(fs *flag.FlagSet, name, value string) error {
	if strings.TrimSpace(value) == "" {
		return usagef(fs, "--%s is required", name)
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "okr: Objectives and Key Results for the whole company.\n\nUsage: okr <command> [flags] [arguments]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'okr help <command>' for a command's usage and flags. Flags may come\nbefore or after the arguments; '--' ends the flags. Exit status: 0 done,\n1 failed, 2 a usage error (and what a command documents besides).")
}

// newFlagSet returns a flag set for a subcommand whose help (--help, okr
// help NAME) goes to env.stdout.
func newFlagSet(env *cliEnv, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet("okr "+name, flag.ContinueOnError)
	fs.SetOutput(env.stdout)
	fs.Usage = func() {
		fmt.Fprintf(env.stdout, "Usage: okr %s %s\n\n", name, usageLine)
		fs.PrintDefaults()
		fmt.Fprintln(env.stdout, envHelp)
	}
	return fs
}

// dbFlag adds the shared --db flag: a SQLite file path or a postgres:// URL,
// defaulting to okr.db in the working directory ($OKR_DATABASE_URL through
// parseFlags).
func dbFlag(env *cliEnv, fs *flag.FlagSet) *string {
	return fs.String("db", "okr.db", "database: a SQLite file path or a postgres:// URL")
}

// envNames are the environment variables of flags whose name is not the
// flag's own (OKR_ and the flag's name in capitals, - as _): names that
// were in use before every flag had one, and that people know from other
// software.
var envNames = map[string]string{
	"db":   "OKR_DATABASE_URL",
	"smtp": "OKR_SMTP_URL",
}

// envName returns the environment variable of the flag name: --base-url
// reads OKR_BASE_URL.
func envName(flagName string) string {
	if n, ok := envNames[flagName]; ok {
		return n
	}
	return "OKR_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// envError is a flag value from the environment that the flag refused.
type envError struct {
	name, flag, value string
	err               error
}

func (e *envError) Error() string {
	return fmt.Sprintf("environment variable %s=%q is not a valid value of --%s: %v", e.name, e.value, e.flag, e.err)
}

func (e *envError) Unwrap() error { return e.err }

const envHelp = "\nEvery flag can also be set by the environment variable shown with it;\nthe command line wins over the environment."

// parseFlags parses a subcommand's arguments. Flags may come before or after
// the other arguments ("okr import FILE --db X"); "--" ends the flags.
// Every flag can also be set by an environment variable (envName; read with
// env.getenv): the command line wins, the variable comes next, then the
// flag's default. --help prints the usage on standard output and returns
// flag.ErrHelp (exit 0); a wrong flag is a usageError (one line, exit 2).
// Every subcommand parses its flags with it, so a new flag gets its
// variable and these habits without further code.
func parseFlags(env *cliEnv, fs *flag.FlagSet, args []string) error {
	fs.VisitAll(func(f *flag.Flag) {
		if n := envName(f.Name); !strings.Contains(f.Usage, n) {
			f.Usage += " (env " + n + ")"
		}
	})
	if env.complete != nil {
		env.complete(fs)
		return errCompleting
	}
	help, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := parseInterleaved(fs, args)
	fs.Usage = help
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		help()
		return flag.ErrHelp
	}
	if err != nil {
		return usagef(fs, "%v", err)
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || given[f.Name] {
			return
		}
		n := envName(f.Name)
		v := env.getenv(n)
		if v == "" {
			return
		}
		if serr := fs.Set(f.Name, v); serr != nil {
			err = &envError{name: n, flag: f.Name, value: v, err: serr}
		}
	})
	return err
}

// parseInterleaved parses flags wherever they stand among the arguments
// and leaves the others, in order, as fs.Args().
func parseInterleaved(fs *flag.FlagSet, args []string) error {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			operands = append(operands, rest...)
			break
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, operands...))
}
