package store

import (
	"context"
	"fmt"
)

// ObjectivesWithKRsOwnedBy returns the ids of the active objectives of
// period periodID that hold an active key result owned by one of the
// people personIDs, in one statement (by the owner-person index of key
// results).
func (db *DB) ObjectivesWithKRsOwnedBy(ctx context.Context, orgID, periodID int64, personIDs ...int64) ([]int64, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	in, arg := db.inIDs("k.owner_person_id", personIDs)
	rows, err := db.reader().query(ctx, `SELECT DISTINCT o.id FROM key_results k JOIN objectives o ON o.id = k.objective_id
		WHERE k.org_id = ? AND `+in+` AND k.archived_at IS NULL
			AND o.org_id = ? AND o.period_id = ? AND o.archived_at IS NULL
		ORDER BY o.id`, orgID, arg, orgID, periodID)
	if err != nil {
		return nil, fmt.Errorf("store: objectives with key results of a person: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: objectives with key results of a person: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
