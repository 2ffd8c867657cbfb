package store

import (
	"database/sql"
	"time"
)

// dateLayout is how calendar dates are stored.
const dateLayout = "2006-01-02"

// micros returns t as unix microseconds, the stored form of timestamps.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros returns the UTC time of stored unix microseconds.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullMicros returns the stored form of an optional timestamp.
func nullMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return micros(*t)
}

// timePtr converts a scanned optional timestamp.
func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMicros(n.Int64)
	return &t
}

// dateString returns the stored form of a calendar date: its UTC day.
func dateString(t time.Time) string { return t.UTC().Format(dateLayout) }

// parseDate parses a stored calendar date as UTC midnight.
func parseDate(s string) (time.Time, error) { return time.Parse(dateLayout, s) }

// nullDate returns the stored form of an optional calendar date.
func nullDate(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dateString(*t)
}

// nullID returns the stored form of an optional id; 0 counts as absent.
func nullID(id *int64) any {
	if id == nil || *id == 0 {
		return nil
	}
	return *id
}

// idOrNull returns nil for 0 (the system actor) and id otherwise.
func idOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idPtr converts a scanned optional id.
func idPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// floatPtr converts a scanned optional float.
func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

// nullFloat returns the stored form of an optional float.
func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// boolInt returns the stored form of a boolean.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// sameID reports whether two optional ids are equal.
func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// nullText returns s, or NULL for "".
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
