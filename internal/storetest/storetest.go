// Package storetest opens fresh, migrated databases for tests outside the
// store package: a SQLite file in a temporary directory, or a database of its
// own on the PostgreSQL server named by OKR_TEST_POSTGRES_URL.
//
// Without OKR_TEST_POSTGRES_URL the PostgreSQL variant skips the test, except
// when OKR_TEST_REQUIRE_ALL is "1" (as in `make test` and CI), when it fails.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/okr-dev/okr/internal/store"
)

// Dialects are the databases every store-backed suite runs on.
var Dialects = []string{store.DialectSQLite, store.DialectPostgres}

// Open returns a fresh, migrated database of the dialect, closed (and on
// PostgreSQL dropped) when the test ends.
func Open(tb testing.TB, dialect string) *store.DB {
	tb.Helper()
	dsn := DSN(tb, dialect)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("store.Open(%s): %v", dialect, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

// DSN returns the address of a fresh, empty database of the dialect: a
// SQLite file path or a PostgreSQL URL. A PostgreSQL database is dropped
// when the test ends.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	if dialect != store.DialectPostgres {
		return filepath.Join(tb.TempDir(), "okr.db")
	}
	base := os.Getenv("OKR_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("OKR_TEST_REQUIRE_ALL") == "1" {
			tb.Fatal("OKR_TEST_POSTGRES_URL is not set: PostgreSQL tests cannot run (run `make test`)")
		}
		tb.Skip("OKR_TEST_POSTGRES_URL is not set; run `make test` for the PostgreSQL suite")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "okr_t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			tb.Errorf("connect to PostgreSQL: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("OKR_TEST_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Each runs fn as a subtest per dialect, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { fn(t, Open(t, d)) })
	}
}
