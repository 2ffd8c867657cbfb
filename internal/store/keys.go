package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// The object types that have file keys (docs/okr-file.md): people are keyed
// by e-mail and periods by name instead.
const (
	KeyUnit      = "unit"
	KeyKPI       = "kpi"
	KeyObjective = "objective"
	KeyKR        = "key_result"
)

// keyTables maps an object type with file keys to its table.
var keyTables = map[string]string{KeyUnit: "units", KeyKPI: "kpis", KeyObjective: "objectives", KeyKR: "key_results"}

// ObjectKeys returns the stored file keys of the organisation's objects of
// objectType (KeyUnit, KeyKPI, KeyObjective or KeyKR) by object id: the keys
// they had in the file that imported or applied them. Objects made in the
// product have none until a file names them; an export makes theirs from
// their names (okrfile.FromSet).
func (db *DB) ObjectKeys(ctx context.Context, orgID int64, objectType string) (map[int64]string, error) {
	if _, ok := keyTables[objectType]; !ok {
		return nil, fmt.Errorf("store: object keys: unknown object type %q", objectType)
	}
	rows, err := db.reader().query(ctx, `SELECT object_id, file_key FROM object_keys WHERE org_id = ? AND object_type = ?`, orgID, objectType)
	if err != nil {
		return nil, fmt.Errorf("store: object keys: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			return nil, fmt.Errorf("store: object keys: %w", err)
		}
		out[id] = k
	}
	return out, rows.Err()
}

// SetObjectKeys stores the file keys of objects of objectType (id → key) of
// the actor's organisation, replacing their old keys; a key another object
// of the type had moves to the one given. Only admins may. Keys are a
// file's names for objects, not part of their content: they are not
// audited and move no revision.
func (db *DB) SetObjectKeys(ctx context.Context, actor Actor, objectType string, keys map[int64]string) error {
	table, ok := keyTables[objectType]
	if !ok {
		return fmt.Errorf("store: set object keys: unknown object type %q", objectType)
	}
	return db.write(ctx, actor, "set object keys", func(t *tx) error {
		if err := t.requireAdmin("keys"); err != nil {
			return err
		}
		return t.setObjectKeys(table, objectType, keys)
	})
}

// setObjectKeys stores keys in a constant number of statements per 200
// keys: a check that every id is the organisation's, the old keys of those
// objects and the given keys of other objects dropped, the rows inserted.
func (t *tx) setObjectKeys(table, objectType string, keys map[int64]string) error {
	if len(keys) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(keys))
	in, arg := t.db.inIDs("id", ids)
	var n int
	if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+t.db.noIndex("org_id")+` = ? AND `+in, t.org(), arg).Scan(&n); err != nil {
		return fmt.Errorf("set object keys: %w", err)
	}
	if n != len(ids) {
		return okr.Errorf(okr.ENOTFOUND, "a %s to name is not in the organisation", strings.ReplaceAll(objectType, "_", " "))
	}
	given := make(map[string]bool, len(keys))
	for _, k := range keys {
		given[k] = true
	}
	rows, err := t.query(t.ctx, `SELECT object_id, file_key FROM object_keys WHERE org_id = ? AND object_type = ?`, t.org(), objectType)
	if err != nil {
		return fmt.Errorf("set object keys: %w", err)
	}
	var drop []int64
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return fmt.Errorf("set object keys: %w", err)
		}
		if _, mine := keys[id]; mine || given[k] {
			drop = append(drop, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("set object keys: %w", err)
	}
	if len(drop) > 0 {
		in, arg := t.db.inIDs("object_id", drop)
		if _, err := t.exec(t.ctx, `DELETE FROM object_keys WHERE org_id = ? AND object_type = ? AND `+in, t.org(), objectType, arg); err != nil {
			return fmt.Errorf("set object keys: %w", err)
		}
	}
	const batch = 200 // 800 parameters
	for len(ids) > 0 {
		part := ids[:min(batch, len(ids))]
		ids = ids[len(part):]
		q := `INSERT INTO object_keys (org_id, object_type, object_id, file_key) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(part)), ", ")
		args := make([]any, 0, 4*len(part))
		for _, id := range part {
			args = append(args, t.org(), objectType, id, keys[id])
		}
		if _, err := t.exec(t.ctx, q, args...); err != nil {
			return fmt.Errorf("set object keys: %w", err)
		}
	}
	return nil
}

// Key stores the file key of an object the loader wrote (see
// SetObjectKeys); the key must not be another object's.
func (l *Loader) Key(objectType string, id int64, key string) error {
	if _, ok := keyTables[objectType]; !ok {
		return fmt.Errorf("store: load key: unknown object type %q", objectType)
	}
	return l.exec(`INSERT INTO object_keys (org_id, object_type, object_id, file_key) VALUES (?, ?, ?, ?)`, l.Org(), objectType, id, key)
}
