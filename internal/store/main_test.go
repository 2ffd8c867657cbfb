package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The suite runs every test on SQLite and, when OKR_TEST_POSTGRES_URL names
// a PostgreSQL server, on PostgreSQL too: each test there gets its own
// database, copied from a migrated template, dropped at cleanup.

var pg struct {
	once     sync.Once
	mu       sync.Mutex // serialises CREATE DATABASE … TEMPLATE
	admin    *sql.DB
	url      *url.URL
	template string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if pg.admin != nil {
		if pg.template != "" {
			if _, err := pg.admin.Exec(`DROP DATABASE IF EXISTS ` + pg.template + ` WITH (FORCE)`); err != nil {
				fmt.Fprintln(os.Stderr, "drop template database:", err)
			}
		}
		pg.admin.Close()
	}
	os.Exit(code)
}

// dialects returns the dialects the suite runs on.
func dialects() []string { return []string{DialectSQLite, DialectPostgres} }

// eachDB runs fn as a parallel subtest per dialect, each with a fresh
// database.
func eachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	t.Parallel()
	for _, d := range dialects() {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, mustOpen(t, d))
		})
	}
}

// mustOpen returns a fresh, migrated database of the dialect, closed (and
// on PostgreSQL dropped) at cleanup.
func mustOpen(tb testing.TB, dialect string) *DB {
	tb.Helper()
	dsn := filepath.Join(tb.TempDir(), "okr.db")
	if dialect == DialectPostgres {
		dsn = mustPostgresDB(tb)
	}
	db, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dialect, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

// mustPostgresDB creates a database for one test and returns its URL. It
// skips the test when OKR_TEST_POSTGRES_URL is empty, unless
// OKR_TEST_REQUIRE_ALL is "1", when it fails.
func mustPostgresDB(tb testing.TB) string {
	tb.Helper()
	raw := os.Getenv("OKR_TEST_POSTGRES_URL")
	if raw == "" {
		if os.Getenv("OKR_TEST_REQUIRE_ALL") == "1" {
			tb.Fatal("OKR_TEST_POSTGRES_URL is empty and OKR_TEST_REQUIRE_ALL=1")
		}
		tb.Skip("OKR_TEST_POSTGRES_URL is empty")
	}
	pg.once.Do(func() { pg.err = setUpTemplate(raw) })
	if pg.err != nil {
		tb.Fatalf("postgres template: %v", pg.err)
	}
	name := "okr_test_" + randomHex(tb)
	pg.mu.Lock()
	_, err := pg.admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + pg.template)
	pg.mu.Unlock()
	if err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := pg.admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	return dbURL(name)
}

// setUpTemplate creates and migrates the template database once.
func setUpTemplate(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	pg.url = u
	if pg.admin, err = sql.Open("pgx", raw); err != nil {
		return err
	}
	name := "okr_tmpl_" + randomHex(nil)
	if _, err := pg.admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return err
	}
	pg.template = name
	db, err := Open(context.Background(), dbURL(name))
	if err != nil {
		return err
	}
	return db.Close()
}

func dbURL(name string) string {
	u := *pg.url
	u.Path = "/" + name
	return u.String()
}

func randomHex(tb testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil && tb != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(b)
}
