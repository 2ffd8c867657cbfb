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
}

// cliEnv carries what a subcommand may read from the outside world, so tests
// can run subcommands in-process.
type cliEnv struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
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

// runMain runs the subcommand named by args[0] and returns the exit status.
func runMain(ctx context.Context, env *cliEnv, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.stderr, "okr: unknown command %q\n\n", args[0])
		usage(env.stderr)
		return 2
	}
	err := c.run(ctx, env, args[1:])
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintf(env.stderr, "okr %s: %v\n", c.name, err)
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "okr: Objectives and Key Results for the whole company.\n\nUsage: okr <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'okr <command> --help' for a command's flags.")
}

// newFlagSet returns a flag set for a subcommand whose help goes to env.stderr.
func newFlagSet(env *cliEnv, name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet("okr "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: okr %s %s\n\n", name, usageLine)
		fs.PrintDefaults()
		fmt.Fprintln(env.stderr, envHelp)
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

// parseFlags parses a subcommand's arguments. Every flag can also be set by
// an environment variable (envName; read with env.getenv): the command line
// wins, the variable comes next, then the flag's default. --help shows each
// flag's variable. Every subcommand parses its flags with it, so a new flag
// gets its variable without further code.
func parseFlags(env *cliEnv, fs *flag.FlagSet, args []string) error {
	fs.VisitAll(func(f *flag.Flag) {
		if n := envName(f.Name); !strings.Contains(f.Usage, n) {
			f.Usage += " (env " + n + ")"
		}
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
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
