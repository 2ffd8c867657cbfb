package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

func init() {
	register(&command{name: "help", summary: "show the usage of okr or of a command (okr help import)", run: runHelp})
	register(&command{name: "version", summary: "print okr's version and the revision it was built from", run: runVersion})
}

// runHelp prints the usage of okr, or of the command named by args (with its
// subcommand: okr help token create), on standard output.
func runHelp(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		usage(env.stdout)
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		return usageError{cmd: "help", msg: fmt.Sprintf("unknown command %q", args[0])}
	}
	return c.run(ctx, env, append(args[1:len(args):len(args)], "--help"))
}

// buildVersion is what the binary knows of how it was built.
type buildVersion struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// readBuildVersion reads the module version and the version control
// revision that the go command recorded in the binary.
func readBuildVersion() buildVersion {
	v := buildVersion{Version: "(unknown)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

func (v buildVersion) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "okr %s", v.Version)
	if v.Revision != "" {
		fmt.Fprintf(&b, " (revision %s", v.Revision)
		if v.Time != "" {
			fmt.Fprintf(&b, " of %s", v.Time)
		}
		if v.Modified {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, " %s %s", v.Go, v.Platform)
	return b.String()
}

func runVersion(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "version", "[--format text|json]\n\nPrints the module version, the version control revision the binary was\nbuilt from (and whether the tree had uncommitted changes), the Go version\nand the platform. okr --version does the same.")
	format := formatFlag(fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	v := readBuildVersion()
	switch *format {
	case "json":
		return writeJSON(env, v)
	case "text":
		fmt.Fprintln(env.stdout, v)
		return nil
	}
	return badFormat(fs, *format)
}

// formatFlag adds the shared --format flag of commands that print data.
func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "text", "output format: text or json")
}

// badFormat is the usage error of a --format value other than text or json.
func badFormat(fs *flag.FlagSet, got string) error {
	return usagef(fs, "--format must be text or json, not %q", got)
}

// writeJSON writes v as indented JSON on standard output.
func writeJSON(env *cliEnv, v any) error {
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
