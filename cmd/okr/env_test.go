package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every flag of every subcommand names its OKR_ environment variable in
// --help: a subcommand that parses its flags without parseFlags fails here.
func TestEveryFlagShowsItsEnvironmentVariable(t *testing.T) {
	flagLine := regexp.MustCompile(`^  -([a-z0-9-]+)`)
	helps := map[string][]string{}
	for name, c := range commands {
		if !c.hidden && name != "help" && name != "completion" {
			helps[name] = []string{name, "--help"}
		}
	}
	delete(helps, "user")
	delete(helps, "token")
	helps["user add"] = []string{"user", "add", "--help"}
	for _, sub := range []string{"create", "list", "revoke"} {
		helps["token "+sub] = []string{"token", sub, "--help"}
	}
	for name, args := range helps {
		_, out, errOut := run(t, nil, args...)
		lines := strings.Split(out+errOut, "\n")
		flags := 0
		for i, l := range lines {
			m := flagLine.FindStringSubmatch(l)
			if m == nil {
				continue
			}
			flags++
			want := envName(m[1])
			// The usage is on the flag's line or the next one.
			if !strings.Contains(l, want) && (i+1 >= len(lines) || !strings.Contains(lines[i+1], want)) {
				t.Errorf("okr %s --help: flag -%s does not name %s:\n%s\n%s", name, m[1], want, l, lines[i+1])
			}
		}
		if flags == 0 {
			t.Errorf("okr %s --help lists no flags:\n%s", name, out+errOut)
		}
	}
	_, serveHelp, _ := run(t, nil, "serve", "--help")
	for _, v := range []string{"OKR_ADDR", "OKR_DATABASE_URL", "OKR_BASE_URL", "OKR_SMTP_URL", "OKR_MAIL_FROM", "OKR_DEBUG_ADDR"} {
		if !strings.Contains(serveHelp, v) {
			t.Errorf("okr serve --help does not mention %s", v)
		}
	}
}

// A flag not on the command line takes its environment variable; the
// command line wins; a bad value is refused with the variable's name.
func TestFlagsFromTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "okr.db")
	if code, out, errOut := run(t, map[string]string{"OKR_DATABASE_URL": db}, "import", "../../docs/examples/artbyx.yaml"); code != 0 {
		t.Fatalf("import with OKR_DATABASE_URL: exit %d: %s%s", code, out, errOut)
	}
	// --org from OKR_ORG: a slug that does not exist makes export fail…
	env := map[string]string{"OKR_DATABASE_URL": db, "OKR_ORG": "no-such-org"}
	if code, _, errOut := run(t, env, "export"); code != 1 || !strings.Contains(errOut, "no-such-org") {
		t.Errorf("export with OKR_ORG=no-such-org: exit %d, stderr %q; want 1 and the slug", code, errOut)
	}
	// …and the command line wins over it.
	if code, out, errOut := run(t, env, "export", "--org", "artbyx"); code != 0 || !strings.Contains(out, "version: 1") {
		t.Errorf("export --org artbyx with OKR_ORG set: exit %d, stderr %q", code, errOut)
	}
	// -o from OKR_O writes a file instead of standard output.
	file := filepath.Join(dir, "out.yaml")
	if code, out, errOut := run(t, map[string]string{"OKR_DATABASE_URL": db, "OKR_O": file}, "export"); code != 0 || out != "" {
		t.Errorf("export with OKR_O: exit %d, stdout %d bytes, stderr %q; want the file written", code, len(out), errOut)
	}
	// --db on the command line wins over OKR_DATABASE_URL.
	other := filepath.Join(dir, "other.db")
	if code, out, errOut := run(t, map[string]string{"OKR_DATABASE_URL": db}, "migrate", "--db", other); code != 0 || !strings.Contains(out, other) {
		t.Errorf("migrate --db with OKR_DATABASE_URL set: exit %d, %s%s; want %s migrated", code, out, errOut, other)
	}
	// Bad values name the variable and the flag.
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"OKR_SEED": "many"}, []string{"demo", "--db", filepath.Join(dir, "demo.db"), "--size", "medium"}, `OKR_SEED="many" is not a valid value of --seed`},
		{map[string]string{"OKR_DEMO": "yes please"}, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "serve.db")}, `OKR_DEMO="yes please" is not a valid value of --demo`},
		{map[string]string{"OKR_RULE": "no-such-rule=error"}, []string{"lint", "--objective", "Grow"}, "OKR_RULE"},
	} {
		code, _, errOut := run(t, tc.env, tc.args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("okr %s with %v: exit %d, stderr %q; want 1 and %q", strings.Join(tc.args, " "), tc.env, code, errOut, tc.want)
		}
	}
}
