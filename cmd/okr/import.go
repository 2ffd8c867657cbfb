package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/okr-dev/okr/internal/exchange"
	"github.com/okr-dev/okr/internal/okrfile"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "import", summary: "import OKRs from a YAML file, all or nothing", run: runImport})
	register(&command{name: "export", summary: "export OKRs as a YAML file", run: runExport})
}

func runImport(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "import", "[--db PATH_OR_URL] [--org SLUG] FILE.yaml|-\n\nImports everything in the file in one transaction, or nothing: every\nproblem is reported at once with its line and column. The format is\ndocumented in docs/okr-file.md.")
	dsn := dbFlag(env, fs)
	slug := fs.String("org", "", "import into this organisation (default: the file's organization.slug)")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	name, err := oneOperand(fs, "FILE.yaml (or - for standard input)")
	if err != nil {
		return err
	}
	r, name, err := openInput(env, name)
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := okrfile.Decode(r, name)
	if err != nil {
		return importProblems(env, name, err)
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	org, sum, err := exchange.Import(ctx, db, f, *slug)
	if err != nil {
		return importProblems(env, name, err)
	}
	fmt.Fprintf(env.stdout, "Imported into %s (%s): %s.\n", org.Name, org.Slug, sum)
	return nil
}

// importProblems reports a failed import: the file's problems one per line
// as FILE:LINE:COL: PATH: MESSAGE, or the error, and that nothing was
// imported.
func importProblems(env *cliEnv, name string, err error) error {
	var problems okrfile.Problems
	if !errors.As(err, &problems) {
		return fmt.Errorf("nothing was imported: %w", describe(err))
	}
	fmt.Fprintln(env.stderr, problems.Error())
	fmt.Fprintf(env.stderr, "%s: %d problem(s); nothing was imported\n", name, len(problems))
	return exitError{1}
}

func runExport(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "export", "[--db PATH_OR_URL] [--org SLUG] [--period NAME] [-o FILE|-]\n\nWrites the organisation's OKRs in the format of docs/okr-file.md, to\nstandard output unless -o names a file. Never creates a database.")
	dsn := dbFlag(env, fs)
	slug := fs.String("org", "", "the organisation's slug; may be left out when there is only one")
	period := fs.String("period", "", "export only this period (by name, e.g. \"Q4 2026\")")
	out := fs.String("o", "-", "write to this file; - is standard output")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := findOrg(ctx, db, *slug, "")
	if err != nil {
		return err
	}
	f, err := exchange.Export(ctx, db, org.ID, *period)
	if err != nil {
		return describe(err)
	}
	if *out == "" || *out == "-" {
		return okrfile.Encode(env.stdout, f)
	}
	w, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := okrfile.Encode(w, f); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
