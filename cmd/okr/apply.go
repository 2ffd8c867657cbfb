package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/okr-dev/okr/internal/exchange"
	"github.com/okr-dev/okr/internal/okrfile"
)

// The exit statuses of okr apply (docs/okr-file.md): 0 and 2 as every
// command (no changes; a usage error), 1 for an error that is not the
// file's (the database), and these.
const (
	applyExitProblems = 3 // the file has problems: nothing was written
	applyExitChanges  = 4 // changes were planned (--plan) or applied
)

func init() {
	register(&command{name: "apply", summary: "sync an organisation to a YAML file: create, update, archive with --prune; --plan shows the changes", run: runApply})
}

const applyUsage = `[--db PATH_OR_URL] [--org SLUG] [--plan] [--prune] [--format text|json] FILE.yaml

Brings an existing organisation to what the file says, in one transaction:
creates what is new, updates what changed, appends new check-ins and KPI
readings, and with --prune archives what the file no longer has. Objects
are matched by their keys: units, KPIs, objectives and key results by key,
people by e-mail, periods by name. Applying the same file again changes
nothing. FILE "-" reads standard input. To load a new, empty organisation
use okr import. The format is documented in docs/okr-file.md.

Exit status:
  0  no changes (the organisation already is what the file says)
  1  an error that is not the file's (the database)
  2  usage error
  3  the file has problems; each is printed as FILE:LINE:COL: PATH: MESSAGE
     and nothing was written
  4  changes: planned (--plan) or applied`

func runApply(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "apply", applyUsage)
	dsn := dbFlag(env, fs)
	slug := fs.String("org", "", "the organisation's slug (default: the file's organization.slug, or the only organisation)")
	plan := fs.Bool("plan", false, "print the changes without writing anything")
	prune := fs.Bool("prune", false, "archive what the organisation has and the file does not")
	format := formatFlag(fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	name, err := oneOperand(fs, "FILE.yaml (or - for standard input)")
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return badFormat(fs, *format)
	}
	r, name, err := openInput(env, name)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := okrfile.Decode(r, name)
	if err != nil {
		return applyProblems(env, *format, name, err)
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := exchange.ApplyOptions{Slug: *slug, Prune: *prune, Plan: *plan}
	if opt.Slug == "" && (f.Org == nil || f.Org.Slug == "") {
		org, err := findOrg(ctx, db, "", "")
		if err != nil {
			return err
		}
		opt.Slug = org.Slug
	}
	org, p, err := exchange.Apply(ctx, db, f, opt)
	if err != nil {
		return applyProblems(env, *format, name, err)
	}
	if err := printPlan(env.stdout, *format, org.Slug, p, !*plan); err != nil {
		return err
	}
	if len(p.Changes) == 0 {
		return nil
	}
	return exitError{applyExitChanges}
}

// applyProblems reports the file's problems (exit status 3) or another
// error (1).
func applyProblems(env *cliEnv, format, name string, err error) error {
	var problems okrfile.Problems
	if !errors.As(err, &problems) {
		return fmt.Errorf("nothing was applied: %w", describe(err))
	}
	if format == "json" {
		type problem struct {
			File    string `json:"file"`
			Line    int    `json:"line,omitempty"`
			Col     int    `json:"col,omitempty"`
			Path    string `json:"path,omitempty"`
			Message string `json:"message"`
		}
		out := struct {
			Problems []problem `json:"problems"`
		}{Problems: []problem{}}
		for _, p := range problems {
			out.Problems = append(out.Problems, problem{p.File, p.Line, p.Col, p.Path, p.Message})
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	fmt.Fprintln(env.stderr, problems.Error())
	fmt.Fprintf(env.stderr, "%s: %d problem(s); nothing was applied\n", name, len(problems))
	return exitError{applyExitProblems}
}

// printPlan writes the plan in the style of infrastructure-as-code tools:
// one block per change with its fields old → new, and a summary line.
func printPlan(w io.Writer, format, slug string, p *okrfile.Plan, applied bool) error {
	create, update, archive, appended := p.Counts()
	if format == "json" {
		out := struct {
			Organization string           `json:"organization"`
			Applied      bool             `json:"applied"`
			Changes      []okrfile.Change `json:"changes"`
			Summary      map[string]int   `json:"summary"`
		}{slug, applied && len(p.Changes) > 0, p.Changes, map[string]int{"create": create, "update": update, "append": appended, "archive": archive}}
		if out.Changes == nil {
			out.Changes = []okrfile.Change{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(p.Changes) == 0 {
		_, err := fmt.Fprintf(w, "No changes: %s already is what the file says.\n", slug)
		return err
	}
	var b strings.Builder
	sign := map[string]string{okrfile.ActionCreate: "+", okrfile.ActionUpdate: "~", okrfile.ActionArchive: "-", okrfile.ActionAppend: "+"}
	for _, c := range p.Changes {
		fmt.Fprintf(&b, "%s %s %s %s", sign[c.Action], c.Action, strings.ReplaceAll(c.Kind, "_", " "), c.Key)
		if c.Line > 0 {
			fmt.Fprintf(&b, "  (line %d)", c.Line)
		}
		b.WriteByte('\n')
		for _, f := range c.Fields {
			switch c.Action {
			case okrfile.ActionUpdate:
				fmt.Fprintf(&b, "    %s: %s → %s\n", f.Field, orNone(f.Old), orNone(f.New))
			default:
				fmt.Fprintf(&b, "    %s: %s\n", f.Field, f.New)
			}
		}
	}
	if applied {
		fmt.Fprintf(&b, "\nApplied to %s: %d created, %d updated, %d appended, %d archived.\n", slug, create, update, appended, archive)
	} else {
		fmt.Fprintf(&b, "\nPlan for %s: %d to create, %d to update, %d to append, %d to archive.\n", slug, create, update, appended, archive)
		b.WriteString("Nothing was written: run without --plan to apply.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
