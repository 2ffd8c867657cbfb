package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

func init() {
	register(&command{name: "completion", summary: "print a shell completion script: bash, zsh or fish", run: runCompletion, subcommands: []string{"bash", "zsh", "fish"}})
	register(&command{name: "__complete", summary: "answer the completion scripts", run: runComplete, hidden: true})
}

const completionUsage = `Usage: okr completion bash|zsh|fish

Prints a script that completes okr's commands, subcommands and flags in
the shell. The script asks the okr binary itself (okr __complete), so it
stays right when okr changes. To load it:

  bash:  source <(okr completion bash)            (or save it in
         /etc/bash_completion.d/okr)
  zsh:   source <(okr completion zsh)             (or save it as _okr in a
         directory of $fpath)
  fish:  okr completion fish | source             (or save it in
         ~/.config/fish/completions/okr.fish)`

// The scripts pass the words typed after okr, the one being completed last
// (empty when the cursor follows a space), to okr __complete, which prints
// one candidate per line; with none, the shell completes file names.
var completionScripts = map[string]string{
	"bash": `# bash completion for okr (okr completion bash)
_okr() {
  local IFS=$'\n' cur="${COMP_WORDS[COMP_CWORD]}"
  COMPREPLY=($("${COMP_WORDS[0]}" __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null))
}
complete -o default -o bashdefault -F _okr okr
`,
	"zsh": `#compdef okr
# zsh completion for okr (okr completion zsh)
_okr() {
  local -a candidates
  candidates=("${(@f)$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( ${#candidates} )) && [[ -n "${candidates[1]}" ]]; then
    compadd -- "${candidates[@]}"
  else
    _files
  fi
}
if [[ "${funcstack[1]}" == "_okr" ]]; then
  _okr "$@"
else
  compdef _okr okr
fi
`,
	"fish": `# fish completion for okr (okr completion fish)
function __okr_complete
    set -l words (commandline -opc)
    set -e words[1]
    okr __complete $words (commandline -ct) 2>/dev/null
end
complete -c okr -a '(__okr_complete)'
`,
}

func runCompletion(ctx context.Context, env *cliEnv, args []string) error {
	fs := flag.NewFlagSet("okr completion", flag.ContinueOnError)
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(env.stdout, completionUsage)
		return nil
	}
	if len(args) != 1 {
		return usagef(fs, "name one shell: bash, zsh or fish")
	}
	script, ok := completionScripts[args[0]]
	if !ok {
		return usagef(fs, "no completion for %q: bash, zsh or fish", args[0])
	}
	_, err := io.WriteString(env.stdout, script)
	return err
}

// errCompleting stops a command that handed its flags to env.complete.
var errCompleting = errors.New("completing")

// runComplete prints the candidates for the last of args, the word being
// completed, after the words before it: commands, a command's
// subcommands, or its flags (found by running the command with
// env.complete set, which parseFlags answers before anything else).
func runComplete(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		args = []string{""}
	}
	before, cur := args[:len(args)-1], args[len(args)-1]
	var candidates []string
	if len(before) == 0 {
		for n, c := range commands {
			if !c.hidden {
				candidates = append(candidates, n)
			}
		}
		candidates = append(candidates, "--help", "--version")
	} else if c, ok := commands[before[0]]; ok {
		candidates = completeCommand(ctx, env, c, before[1:], cur)
	}
	sort.Strings(candidates)
	for _, s := range candidates {
		if strings.HasPrefix(s, cur) {
			fmt.Fprintln(env.stdout, s)
		}
	}
	return nil
}

func completeCommand(ctx context.Context, env *cliEnv, c *command, before []string, cur string) []string {
	if len(c.subcommands) > 0 && len(before) == 0 && !strings.HasPrefix(cur, "-") {
		return c.subcommands
	}
	var fs *flag.FlagSet
	quiet := &cliEnv{stdout: io.Discard, stderr: io.Discard, stdin: strings.NewReader(""), getenv: func(string) string { return "" },
		complete: func(f *flag.FlagSet) { fs = f }}
	_ = c.run(ctx, quiet, before)
	if fs == nil {
		return nil
	}
	// After a flag that takes a value, the value is completed by the shell
	// (file names), except for the few flags with a fixed set of values.
	if n := len(before); n > 0 && !strings.Contains(before[n-1], "=") {
		if f := fs.Lookup(strings.TrimLeft(before[n-1], "-")); f != nil && strings.HasPrefix(before[n-1], "-") && !isBoolFlag(f) {
			if f.Name == "format" {
				return []string{"text", "json"}
			}
			return nil
		}
	}
	if !strings.HasPrefix(cur, "-") {
		return nil
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, "--"+f.Name) })
	return names
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
