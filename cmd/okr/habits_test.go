package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// runIn runs the okr command in-process with stdin.
func runIn(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &cliEnv{stdout: &out, stderr: &errb, stdin: strings.NewReader(stdin), getenv: func(k string) string { return env[k] }}
	code = runMain(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// A usage error exits 2 with one line on stderr that says what was wrong.
func TestUsageErrorsAreOneLineWithStatus2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "okr.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"import"}, "missing FILE.yaml"},
		{[]string{"import", "a.yaml", "b.yaml"}, "one FILE.yaml (or - for standard input) expected, got 2"},
		{[]string{"import", "--bogus", "a.yaml"}, "flag provided but not defined: -bogus"},
		{[]string{"export", "--db", db, "extra"}, `unexpected argument "extra"`},
		{[]string{"demo", "--seed", "many"}, `invalid value "many" for flag -seed`},
		{[]string{"token"}, "name a subcommand"},
		{[]string{"token", "mint"}, `unknown subcommand "mint"`},
		{[]string{"token", "list"}, "--user is required"},
		{[]string{"token", "revoke"}, "--id must be"},
		{[]string{"token", "list", "--user", "a@b.c", "--format", "xml"}, `--format must be text or json, not "xml"`},
		{[]string{"lint"}, "give a file"},
		{[]string{"completion", "tcsh"}, `no completion for "tcsh"`},
		{[]string{"help", "nothing"}, `unknown command "nothing"`},
		{[]string{"version", "now"}, `unexpected argument "now"`},
		{[]string{"apply"}, "missing FILE.yaml"},
		{[]string{"apply", "a.yaml", "--format", "yaml"}, `--format must be text or json, not "yaml"`},
	} {
		code, out, errOut := run(t, nil, tc.args...)
		if code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("okr %s: exit %d, stdout %q, stderr %q; want 2, nothing on stdout and one line with %q", strings.Join(tc.args, " "), code, out, errOut, tc.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a usage error created the database %s", db)
	}
}

// Flags may follow the arguments; "--" ends the flags; "-" is standard
// input for import and standard output for export -o.
func TestFlagsAfterArgumentsAndDashForStandardStreams(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "okr.db")
	example, err := os.ReadFile("../../docs/examples/artbyx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runIn(t, string(example), nil, "import", "-", "--db", db); code != 0 || !strings.Contains(out, "Imported into") {
		t.Fatalf("okr import - --db X: exit %d: %s%s", code, out, errOut)
	}
	code, viaDash, errOut := run(t, nil, "export", "-o", "-", "--db", db)
	if code != 0 || !strings.Contains(viaDash, "version: 1") {
		t.Fatalf("okr export -o -: exit %d: %s", code, errOut)
	}
	file := filepath.Join(dir, "out.yaml")
	if code, _, errOut := run(t, nil, "export", "--db", db, "-o", file); code != 0 {
		t.Fatalf("okr export -o FILE: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(file); string(b) != viaDash {
		t.Errorf("export -o FILE and -o - differ")
	}
	// After "--" a word that looks like a flag is an argument.
	if code, _, errOut := run(t, nil, "import", "--db", db, "--", "--no-such-file.yaml"); code != 1 || !strings.Contains(errOut, "--no-such-file.yaml") {
		t.Errorf("okr import -- --no-such-file.yaml: exit %d, stderr %q; want 1 and the file named", code, errOut)
	}
	// Problems read from standard input are named <stdin>:LINE:COL.
	if code, _, errOut := runIn(t, "version: 1\norganization: {name: X, slug: x}\nperiods: [{name: Q1, kind: quarter, start: 2026-01-01, end: 2025-03-31}]\n", nil, "import", "--db", filepath.Join(dir, "other.db"), "-"); code != 1 || !strings.Contains(errOut, "<stdin>:") {
		t.Errorf("okr import - with a bad file: exit %d, stderr %q; want 1 and <stdin>:LINE:COL problems", code, errOut)
	}
}

// Commands that only read never create a database: a mistyped --db says
// so and leaves nothing behind.
func TestReadOnlyCommandsNeverCreateADatabase(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"export", "--db", missing},
		{"token", "list", "--user", "a@example.com", "--db", missing},
		{"token", "revoke", "--id", "1", "--db", missing},
		{"backup", "--db", missing, filepath.Join(dir, "backup")},
	} {
		code, _, errOut := run(t, nil, args...)
		if code != 1 || !strings.Contains(errOut, "there is no database at "+missing) {
			t.Errorf("okr %s: exit %d, stderr %q; want 1 and 'there is no database at %s'", strings.Join(args, " "), code, errOut, missing)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("okr %s left %v behind", strings.Join(args, " "), entries)
		}
	}
}

func TestTokenListAsJSON(t *testing.T) {
	env := map[string]string{"OKR_DATABASE_URL": filepath.Join(t.TempDir(), "okr.db")}
	if code, _, errOut := run(t, env, "user", "add", "--email", "ada@example.com", "--name", "Ada", "--org-name", "Acme", "--password", "a-long-enough-password"); code != 0 {
		t.Fatal(errOut)
	}
	for _, name := range []string{"ci", "laptop"} {
		if code, _, errOut := run(t, env, "token", "create", "--user", "ada@example.com", "--name", name); code != 0 {
			t.Fatal(errOut)
		}
	}
	run(t, env, "token", "revoke", "--id", "1")
	code, out, errOut := run(t, env, "token", "list", "--user", "ada@example.com", "--format", "json")
	var list []struct {
		ID        int64   `json:"id"`
		Name      string  `json:"name"`
		RevokedAt *string `json:"revoked_at"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("token list --format json: exit %d, %q, %s", code, out, errOut)
	}
	if len(list) != 2 || list[0].Name != "laptop" || list[0].RevokedAt != nil || list[1].ID != 1 || list[1].RevokedAt == nil {
		t.Errorf("token list --format json = %+v; want laptop, then ci (revoked)", list)
	}
}

func TestCompleteCandidates(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"tok"}, []string{"token"}},
		{[]string{"token", ""}, []string{"create", "list", "revoke", "scim"}},
		{[]string{"token", "list", "--f"}, []string{"--format"}},
		{[]string{"token", "list", "--format", ""}, []string{"json", "text"}},
		{[]string{"import", "--"}, []string{"--db", "--org"}},
		{[]string{"import", "--db", ""}, nil}, // a file name: the shell completes it
		{[]string{"completion", ""}, []string{"bash", "fish", "zsh"}},
		{[]string{"user", "add", "--em"}, []string{"--email"}},
		{[]string{"--v"}, []string{"--version"}},
		{[]string{"loadtest-"}, nil}, // hidden
	} {
		code, out, errOut := run(t, nil, append([]string{"__complete"}, tc.words...)...)
		got := strings.Fields(out)
		if code != 0 || !slices.Equal(got, tc.want) {
			t.Errorf("okr __complete %q: exit %d, %q (%s); want %q", tc.words, code, got, errOut, tc.want)
		}
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// builtOkr builds the okr binary with version control information, as a
// release build does.
func builtOkr(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "okr-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "okr")
		out, err := exec.Command("go", "build", "-buildvcs=true", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = &exec.Error{Name: "go build: " + string(out), Err: err}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// okr version and --version name the module version and the revision the
// binary was built from, read from the build information.
func TestVersionNamesTheRevision(t *testing.T) {
	rev, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v", err)
	}
	bin := builtOkr(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "okr v") || !strings.Contains(string(out), "revision "+strings.TrimSpace(string(rev))) {
		t.Errorf("okr version = %q; want the module version and revision %s", out, rev)
	}
	again, _ := exec.Command(bin, "--version").Output()
	if string(again) != string(out) {
		t.Errorf("okr --version = %q, okr version = %q", again, out)
	}
	js, _ := exec.Command(bin, "version", "--format", "json").Output()
	var v buildVersion
	if err := json.Unmarshal(js, &v); err != nil || v.Revision != strings.TrimSpace(string(rev)) || !strings.HasPrefix(v.Version, "v") {
		t.Errorf("okr version --format json = %s (%v)", js, err)
	}
}

// The completion scripts work in real shells: bash and fish complete
// through okr __complete; zsh parses the script.
func TestCompletionScriptsInRealShells(t *testing.T) {
	bin := builtOkr(t)
	path := filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
	bash := exec.Command("bash", "-c", `source <(okr completion bash); COMP_WORDS=(okr token l); COMP_CWORD=2; _okr; printf '%s\n' "${COMPREPLY[@]}"`)
	bash.Env = append(os.Environ(), "PATH="+path)
	if out, err := bash.CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "list" {
		t.Errorf("bash completion of 'okr token l' = %q (%v); want list", out, err)
	}
	fish := exec.Command("fish", "--no-config", "-c", `okr completion fish | source; complete -C'okr import --o'`)
	fish.Env = append(os.Environ(), "PATH="+path)
	if out, err := fish.CombinedOutput(); err != nil || !strings.HasPrefix(strings.TrimSpace(string(out)), "--org") {
		t.Errorf("fish completion of 'okr import --o' = %q (%v); want --org", out, err)
	}
	script, _ := exec.Command(bin, "completion", "zsh").Output()
	f := filepath.Join(t.TempDir(), "_okr")
	os.WriteFile(f, script, 0o600)
	if out, err := exec.Command("zsh", "-n", f).CombinedOutput(); err != nil || !bytes.Contains(script, []byte("__complete")) {
		t.Errorf("zsh -n on the zsh completion script: %v %s", err, out)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
