package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

// run runs the okr command in-process and returns its exit status and output.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &cliEnv{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), getenv: func(k string) string { return env[k] }}
	code = runMain(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// Help goes to standard output with exit status 0, both as okr CMD --help
// and as okr help CMD, for every command and subcommand.
func TestEverySubcommandHasHelp(t *testing.T) {
	var all [][]string
	for name, c := range commands {
		if c.hidden {
			continue
		}
		all = append(all, []string{name})
		for _, sub := range c.subcommands {
			if name != "completion" {
				all = append(all, []string{name, sub})
			}
		}
	}
	for _, words := range all {
		name := strings.Join(words, " ")
		t.Run(name, func(t *testing.T) {
			for _, args := range [][]string{append(append([]string{}, words...), "--help"), append([]string{"help"}, words...)} {
				code, out, errOut := run(t, nil, args...)
				if code != 0 || errOut != "" {
					t.Errorf("okr %s: exit = %d, stderr %q; want 0 and nothing on stderr", strings.Join(args, " "), code, errOut)
				}
				if !strings.Contains(out, "Usage") {
					t.Errorf("okr %s printed no usage on stdout:\n%s", strings.Join(args, " "), out)
				}
			}
		})
	}
}

func TestImportReportsEveryProblemWithPosition(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\norganization:\n  name: X\n  slug: x\nperiods:\n  - name: Q1\n    kind: quarter\n    start: 2026-01-01\n    end: 2025-03-31\nobjectives:\n  - title: \"\"\n    period: Q1\n    owner: nobody\n"), 0o600)
	db := filepath.Join(dir, "okr.db")
	code, _, errOut := run(t, nil, "import", "--db", db, bad)
	if code != 1 {
		t.Fatalf("import of a bad file exit = %d, want 1; stderr:\n%s", code, errOut)
	}
	lines := 0
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, bad+":") {
			lines++
		}
	}
	if lines < 3 || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("want at least 3 problems as FILE:LINE:COL and 'nothing was imported', got:\n%s", errOut)
	}
}

func TestImportExportUserTokenBackupRestore(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.DSN(t, dialect)
			env := map[string]string{"OKR_DATABASE_URL": dsn}
			if code, out, errOut := run(t, env, "import", "../../docs/examples/artbyx.yaml"); code != 0 {
				t.Fatalf("import exit %d: %s%s", code, out, errOut)
			}
			code, exported, errOut := run(t, env, "export")
			if code != 0 || !strings.Contains(exported, "version: 1") {
				t.Fatalf("export exit %d: %s", code, errOut)
			}
			if code, _, errOut := run(t, env, "user", "add", "--email", "new.person@example.com", "--name", "New Person", "--password", "a-long-enough-password"); code != 0 {
				t.Fatalf("user add exit %d: %s", code, errOut)
			}
			if code, _, errOut := run(t, env, "user", "add", "--email", "new.person@example.com", "--name", "Again"); code == 0 || !strings.Contains(errOut, "e-mail") {
				t.Errorf("adding the same e-mail again: exit %d, stderr %q; want an error about the e-mail", code, errOut)
			}
			code, tok, errOut := run(t, env, "token", "create", "--user", "new.person@example.com")
			if code != 0 || !strings.HasPrefix(strings.TrimSpace(tok), "okr_") {
				t.Fatalf("token create exit %d, output %q: %s", code, tok, errOut)
			}
			code, list, _ := run(t, env, "token", "list", "--user", "new.person@example.com")
			if code != 0 || strings.Contains(list, strings.TrimSpace(tok)) || !strings.Contains(list, "cli") {
				t.Errorf("token list exit %d, output %q: want the token listed without its secret", code, list)
			}
			_, exported, _ = run(t, env, "export") // now with the new person
			backup := filepath.Join(t.TempDir(), "backup")
			if code, _, errOut := run(t, env, "backup", backup); code != 0 {
				t.Fatalf("backup exit %d: %s", code, errOut)
			}
			fresh := storetest.DSN(t, dialect)
			if code, _, errOut := run(t, nil, "restore", "--db", fresh, backup); code != 0 {
				t.Fatalf("restore exit %d: %s", code, errOut)
			}
			code, again, _ := run(t, nil, "export", "--db", fresh)
			if code != 0 || again != exported {
				t.Errorf("export of the restored backup differs from the original (exit %d)", code)
			}
			if a, b := auditOf(t, dsn), auditOf(t, fresh); !reflect.DeepEqual(a, b) || len(a) < 10 {
				t.Errorf("audit of the restored database (%d entries) differs from the original's (%d)", len(b), len(a))
			}
		})
	}
}

// auditOf returns every organisation's audit log of the database dsn.
func auditOf(t *testing.T, dsn string) []okr.AuditEntry {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	orgs, err := db.ListOrgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all []okr.AuditEntry
	for _, o := range orgs {
		for before := int64(0); ; {
			page, err := db.ListAudit(ctx, o.ID, store.AuditFilter{BeforeID: before, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			all = append(all, page...)
			before = page[len(page)-1].ID
		}
	}
	return all
}

// Clashes with the database (e-mail addresses in use) are reported like the
// file's own problems: all of them, FILE:LINE:COL each, nothing imported.
func TestImportReportsDatabaseClashesWithPosition(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "okr.db")
	example := "../../docs/examples/artbyx.yaml"
	if code, _, errOut := run(t, nil, "import", "--db", dsn, example); code != 0 {
		t.Fatalf("first import exit %d: %s", code, errOut)
	}
	code, _, errOut := run(t, nil, "import", "--db", dsn, "--org", "another", example)
	var lines []string
	for _, l := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(l, example+":") && strings.Contains(l, "belongs to someone already") {
			lines = append(lines, l)
		}
	}
	if code != 1 || len(lines) < 2 || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("import of taken e-mail addresses: exit %d, stderr:\n%s\nwant exit 1, a FILE:LINE:COL line per person and 'nothing was imported'", code, errOut)
	}
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(example) + `:\d+:\d+: people\[0\]\.email: `).MatchString(lines[0]) {
		t.Errorf("first problem = %q, want FILE:LINE:COL: people[0].email: …", lines[0])
	}
}

// okr user add checks everything before it writes: a bad role, e-mail or
// password leaves no organisation or person behind, and says what is wrong
// in words.
func TestUserAddWritesNothingOnError(t *testing.T) {
	env := map[string]string{"OKR_DATABASE_URL": filepath.Join(t.TempDir(), "okr.db")}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--role", "boss"}, "role must be one of admin, member"},
		{[]string{"--password", "short"}, "at least 10 characters"},
		{[]string{"--email", "not-an-address"}, "email is not a valid address"},
	} {
		args := append([]string{"user", "add", "--email", "ada@example.com", "--name", "Ada", "--org-name", "Acme"}, tc.args...)
		code, _, errOut := run(t, env, args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("okr %s: exit %d, stderr %q; want 1 and %q", strings.Join(args, " "), code, errOut, tc.want)
		}
	}
	if code, _, errOut := run(t, env, "user", "add", "--name", "Ada"); code != 2 || errOut != "okr user add: --email is required (see 'okr help user add')\n" {
		t.Errorf("okr user add without --email: exit %d, stderr %q; want 2 and one line saying --email is required", code, errOut)
	}
	// Nothing was left behind: the same command with good values works and
	// creates the organisation.
	code, out, errOut := run(t, env, "user", "add", "--email", "ada@example.com", "--name", "Ada", "--org-name", "Acme", "--password", "a-long-enough-password")
	if code != 0 || !strings.Contains(out, "Added Ada <ada@example.com> as member of Acme") {
		t.Fatalf("user add after the failures: exit %d, %s%s", code, out, errOut)
	}
	if code, _, errOut := run(t, env, "user", "add", "--email", "ADA@example.com", "--name", "Again"); code != 1 || !strings.Contains(errOut, "in use already") {
		t.Errorf("adding the same e-mail again: exit %d, stderr %q; want 1 and 'in use already'", code, errOut)
	}
}
