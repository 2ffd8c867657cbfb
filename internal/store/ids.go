package store

import (
	"fmt"
	"slices"
	"strings"
)

// reserveIDs returns n new ids of table, ascending, for rows the
// transaction inserts with explicit ids. On SQLite the write transaction
// holds the write lock, so the ids after the largest are free until it
// commits (the ids are rowids without AUTOINCREMENT: SQLite would pick the
// same); on PostgreSQL they come from the table's identity sequence.
func (t *tx) reserveIDs(table string, n int) ([]int64, error) {
	if t.db.dialect != DialectPostgres {
		var last int64
		if err := t.queryRow(t.ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&last); err != nil {
			return nil, err
		}
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = last + 1 + int64(i)
		}
		return ids, nil
	}
	rows, err := t.query(t.ctx, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)`, table, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("reserved %d ids of %s, want %d", len(ids), table, n)
	}
	slices.Sort(ids)
	return ids, nil
}

// laterValues runs prefix (an INSERT … VALUES) with the rows of args, cols
// values each, flattened, through the pipe (conn.later): one statement
// unless the rows need more than maxBatchParams parameters. what names the
// statements in their error.
func (t *tx) laterValues(what, prefix string, cols int, args []any) error {
	per := max(1, maxBatchParams/cols)
	for len(args) > 0 {
		n := min(per, len(args)/cols)
		if err := t.later(t.ctx, what, prefix+valueRows(cols, n), args[:n*cols]...); err != nil {
			return err
		}
		args = args[n*cols:]
	}
	return nil
}

// valueRows returns n groups of cols placeholders: "(?, ?), (?, ?)".
func valueRows(cols, n int) string {
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(group+", ", n), ", ")
}
