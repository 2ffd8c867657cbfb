package store

// noIndex returns col written so that SQLite does not pick an index by it:
// "col + 0". SQLite's planner otherwise prefers an index on (org_id, …) and
// walks a whole organisation where the primary key finds a few rows.
// PostgreSQL plans by statistics, and there the expression would only spoil
// its estimates, so col is left as it is.
func (db *DB) noIndex(col string) string {
	if db.dialect == DialectSQLite {
		return col + " + 0"
	}
	return col
}
