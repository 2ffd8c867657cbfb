package store

import (
	"context"
	"fmt"
)

// Analyze refreshes PostgreSQL's planner statistics after a bulk load (a
// generated organisation): until autovacuum gets to the new rows the
// planner takes the tables for empty and plans scans that made the pages
// of the large organisation a hundred times slower. On SQLite it does
// nothing: the store's SQLite queries are written to be planned well
// without statistics.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != DialectPostgres {
		return nil
	}
	countStatement(ctx)
	if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}
