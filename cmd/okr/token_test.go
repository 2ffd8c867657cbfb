package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Each token subcommand documents its own flags, and only those.
func TestTokenSubcommandHelp(t *testing.T) {
	for sub, tc := range map[string]struct{ want, not []string }{
		"create": {want: []string{"-user", "-name", "-db"}, not: []string{"-id"}},
		"list":   {want: []string{"-user", "-db"}, not: []string{"-id", "-name"}},
		"revoke": {want: []string{"-id", "-db"}, not: []string{"-user", "-name"}},
		"scim":   {want: []string{"-user", "-db"}, not: []string{"-id", "-name"}}, // and the boolean -revoke
	} {
		code, out, errOut := run(t, nil, "token", sub, "--help")
		help := out + errOut
		if code != 0 || !strings.Contains(help, "Usage: okr token "+sub) {
			t.Errorf("okr token %s --help: exit %d, output %q; want 0 and its usage", sub, code, help)
		}
		for _, f := range tc.want {
			if !strings.Contains(help, "  "+f+" ") {
				t.Errorf("okr token %s --help lacks %s:\n%s", sub, f, help)
			}
		}
		for _, f := range tc.not {
			if strings.Contains(help, "  "+f+" ") {
				t.Errorf("okr token %s --help offers %s, which it does not use:\n%s", sub, f, help)
			}
		}
	}
	if code, _, _ := run(t, nil, "token", "create"); code != 2 {
		t.Errorf("okr token create without --user: exit %d, want 2", code)
	}
}

// A token is printed once, stored only as a hash, works for its person and
// stops working once revoked.
func TestTokenCreateListRevoke(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "okr.db")
	env := map[string]string{"OKR_DATABASE_URL": dsn}
	if code, _, errOut := run(t, env, "user", "add", "--email", "ada@example.com", "--name", "Ada", "--org-name", "Acme", "--role", "admin"); code != 0 {
		t.Fatalf("user add exit %d: %s", code, errOut)
	}
	code, out, errOut := run(t, env, "token", "create", "--user", "ADA@example.com", "--name", "ci")
	tok := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(tok, store.TokenPrefix) || strings.Count(out, "\n") != 1 {
		t.Fatalf("token create: exit %d, output %q (%s); want one line with the token", code, out, errOut)
	}
	ctx := context.Background()
	raw, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)") // wait for the lock like the store does
	if err != nil {
		t.Fatal(err)
	}
	var n, plain int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(hash = ? OR name = ?), 0) FROM tokens`, tok, tok).Scan(&n, &plain); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if n != 1 || plain != 0 {
		t.Fatalf("tokens table: %d rows, %d holding the plaintext; want 1 row, hashed", n, plain)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, tk, err := db.Authenticate(ctx, tok)
	if err != nil || p.Email != "ada@example.com" || tk.Name != "ci" {
		t.Fatalf("Authenticate = %v, %+v, %v; want Ada's token ci", p.Email, tk, err)
	}
	_, list, _ := run(t, env, "token", "list", "--user", "ada@example.com")
	if strings.Contains(list, tok) || !strings.Contains(list, "ci") {
		t.Errorf("token list = %q, want the token named without its secret", list)
	}
	if code, _, errOut := run(t, env, "token", "revoke", "--id", "1"); code != 0 {
		t.Fatalf("token revoke exit %d: %s", code, errOut)
	}
	if _, _, err := db.Authenticate(ctx, tok); okr.ErrorCode(err) != okr.EUNAUTHORIZED {
		t.Errorf("Authenticate after revoke: %v, want unauthorized", err)
	}
	if code, _, errOut := run(t, env, "token", "revoke", "--id", "99"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("revoke of an unknown token: exit %d, stderr %q; want 1 and 'not found'", code, errOut)
	}
}

// E-mail links come only from the configured base URL: serve refuses to
// start with e-mail on and no base URL, saying what to set.
func TestServeRefusesMailWithoutBaseURL(t *testing.T) {
	env := map[string]string{"OKR_DATABASE_URL": filepath.Join(t.TempDir(), "okr.db")}
	code, _, errOut := run(t, env, "serve", "--addr", "127.0.0.1:0", "--smtp", "smtp://127.0.0.1:1")
	if code == 0 || !strings.Contains(errOut, "--base-url") {
		t.Fatalf("serve with --smtp and no base URL: exit %d, stderr %q; want a failure naming --base-url", code, errOut)
	}
}

// okr token scim prints the organisation's SCIM token once (an admin's
// organisation only), rotation replaces it, --revoke ends it.
func TestTokenSCIM(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "okr.db")
	env := map[string]string{"OKR_DATABASE_URL": dsn}
	if code, _, errOut := run(t, env, "user", "add", "--email", "ada@example.com", "--name", "Ada", "--org-name", "Acme", "--role", "admin"); code != 0 {
		t.Fatalf("user add exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, env, "user", "add", "--email", "bo@example.com", "--name", "Bo", "--org-name", "Acme", "--role", "member"); code != 0 {
		t.Fatalf("user add exit %d: %s", code, errOut)
	}
	if code, _, _ := run(t, env, "token", "scim", "--user", "bo@example.com"); code == 0 {
		t.Error("a member made a SCIM token")
	}
	code, out, errOut := run(t, env, "token", "scim", "--user", "ada@example.com")
	first := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(first, store.SCIMTokenPrefix) {
		t.Fatalf("token scim: exit %d, %q (%s)", code, out, errOut)
	}
	_, out, _ = run(t, env, "token", "scim", "--user", "ada@example.com")
	second := strings.TrimSpace(out)
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.AuthenticateSCIM(ctx, first); okr.ErrorCode(err) != okr.EUNAUTHORIZED {
		t.Errorf("the token before rotation: %v, want unauthorized", err)
	}
	if _, err := db.AuthenticateSCIM(ctx, second); err != nil {
		t.Errorf("the rotated token: %v", err)
	}
	if code, out, _ := run(t, env, "token", "scim", "--user", "ada@example.com", "--revoke"); code != 0 || !strings.Contains(out, "Revoked") {
		t.Errorf("token scim --revoke: exit %d, %q", code, out)
	}
	if _, err := db.AuthenticateSCIM(ctx, second); okr.ErrorCode(err) != okr.EUNAUTHORIZED {
		t.Errorf("the revoked token: %v, want unauthorized", err)
	}
}
