package store

import (
	"context"
	"fmt"
	"strings"
)

// stampWindow is how many audit ids below the newest a stamp also counts,
// so that a transaction that took an id early but committed late still
// moves the stamp (PostgreSQL hands out ids before commit, not in commit
// order).
const stampWindow = 1000

// ChangeStamp returns a value that changes whenever a write to an object of
// one of the types ("unit", "person", "objective", "key_result", …) of the
// organisation commits: every such write adds an audit entry (loads with
// audit off write new organisations only). Callers cache what they read
// from those objects and read it again when the stamp moves. One statement,
// a few index probes.
func (db *DB) ChangeStamp(ctx context.Context, orgID int64, objectTypes ...string) (string, error) {
	if len(objectTypes) == 0 {
		return "", nil
	}
	cols := make([]string, 0, 2*len(objectTypes))
	args := make([]any, 0, 6*len(objectTypes))
	const newest = `(SELECT COALESCE(MAX(id), 0) FROM audit WHERE org_id = ? AND object_type = ?)`
	for _, t := range objectTypes {
		cols = append(cols, newest,
			fmt.Sprintf(`(SELECT COUNT(*) FROM audit WHERE org_id = ? AND object_type = ? AND id > %s - %d)`, newest, stampWindow))
		args = append(args, orgID, t, orgID, t, orgID, t)
	}
	vals := make([]int64, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := db.reader().queryRow(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(ptrs...); err != nil {
		return "", fmt.Errorf("store: change stamp: %w", err)
	}
	return fmt.Sprint(vals), nil
}
