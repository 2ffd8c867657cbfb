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
	}
	return fs
}

// dbFlag adds the shared --db flag: a SQLite file path or a postgres:// URL,
// defaulting to $OKR_DATABASE_URL and then okr.db in the working directory.
func dbFlag(env *cliEnv, fs *flag.FlagSet) *string {
	def := env.getenv("OKR_DATABASE_URL")
	if def == "" {
		def = "okr.db"
	}
	return fs.String("db", def, "database: a SQLite file path or a postgres:// URL (env OKR_DATABASE_URL)")
}
