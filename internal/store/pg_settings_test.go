package store

import "testing"

func TestPostgresSessionsRunWithoutJIT(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"postgres://u@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?jit=off&sslmode=disable"},
		{"postgres://u@h/db?jit=on", "postgres://u@h/db?jit=on"},
		{"postgresql://u@h/db", "postgresql://u@h/db?jit=off"},
	} {
		if got := postgresDSN(tt.in); got != tt.want {
			t.Errorf("postgresDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	db := mustOpen(t, DialectPostgres)
	var jit string
	if err := db.r.QueryRowContext(ctx, `SHOW jit`).Scan(&jit); err != nil {
		t.Fatal(err)
	}
	if jit != "off" {
		t.Errorf("jit = %q in the store's sessions, want off", jit)
	}
}

func TestSQLiteWriterSyncsEveryCommit(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	var sync int
	if err := db.w.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		t.Fatal(err)
	}
	if sync != 2 {
		t.Errorf("the writer's synchronous = %d, want 2 (FULL): a check-in must be durable when it returns", sync)
	}
}
