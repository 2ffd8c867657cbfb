package store

import (
	"database/sql"
	"testing"
)

func TestPostgresSessionSettings(t *testing.T) {
	const ours = "jit=off&plan_cache_mode=force_generic_plan"
	for _, tt := range []struct{ in, want string }{
		{"postgres://u@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?sslmode=disable&" + ours},
		{"postgres://u@h/db?jit=on", "postgres://u@h/db?jit=on&plan_cache_mode=force_generic_plan"},
		{"postgresql://u@h/db", "postgresql://u@h/db?" + ours},
		{"postgres://u@h/db?plan_cache_mode=auto", "postgres://u@h/db?plan_cache_mode=auto&jit=off"},
		// options keep their spaces as %20: pgx, like libpq, reads + as +.
		{"postgres://u@h/db?options=-c%20plan_cache_mode%3Dauto%20-c%20jit%3Don", "postgres://u@h/db?options=-c%20plan_cache_mode%3Dauto%20-c%20jit%3Don"},
		{"postgres://u@h/db?options=-c%20search_path%3Dokr", "postgres://u@h/db?options=-c%20search_path%3Dokr&" + ours},
	} {
		if got := postgresDSN(tt.in); got != tt.want {
			t.Errorf("postgresDSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	db := mustOpen(t, DialectPostgres)
	for name, want := range map[string]string{"jit": "off", "plan_cache_mode": "force_generic_plan"} {
		var got string
		if err := db.r.QueryRowContext(ctx, `SELECT current_setting($1)`, name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %q in the store's sessions, want %q", name, got, want)
		}
	}
	// A DSN's options reach the server with their spaces.
	u := *pg.url
	u.RawQuery += "&options=-c%20search_path%3Dokr_test,public"
	conf, err := sql.Open("pgx", postgresDSN(u.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer conf.Close()
	var path string
	if err := conf.QueryRowContext(ctx, `SHOW search_path`).Scan(&path); err != nil {
		t.Fatalf("a DSN with options: %v", err)
	}
	if path != "okr_test,public" {
		t.Errorf("search_path = %q from the DSN's options, want okr_test,public", path)
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
