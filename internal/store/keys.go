package store

import (
	"context"
	"fmt"
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
		for id, k := range keys {
			if err := t.setObjectKey(table, objectType, id, k); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t *tx) setObjectKey(table, objectType string, id int64, key string) error {
	var n int
	if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ? AND org_id = ?`, id, t.org()).Scan(&n); err != nil {
		return fmt.Errorf("set object key: %w", err)
	}
	if n == 0 {
		return notFound(objectType, id)
	}
	if _, err := t.exec(t.ctx, `DELETE FROM object_keys WHERE org_id = ? AND object_type = ? AND (object_id = ? OR file_key = ?)`,
		t.org(), objectType, id, key); err != nil {
		return fmt.Errorf("set object key: %w", err)
	}
	if _, err := t.exec(t.ctx, `INSERT INTO object_keys (org_id, object_type, object_id, file_key) VALUES (?, ?, ?, ?)`,
		t.org(), objectType, id, key); err != nil {
		return fmt.Errorf("set object key: %w", err)
	}
	return nil
}

// Key stores the file key of an object the loader wrote (see
// SetObjectKeys).
func (l *Loader) Key(objectType string, id int64, key string) error {
	table, ok := keyTables[objectType]
	if !ok {
		return fmt.Errorf("store: load key: unknown object type %q", objectType)
	}
	return l.t.setObjectKey(table, objectType, id, key)
}
