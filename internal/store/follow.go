package store

import (
	"context"
	"fmt"
	"time"
)

// Kinds of things a person can follow.
const (
	FollowPerson    = "person"
	FollowUnit      = "unit"
	FollowObjective = "objective"
)

// Follow is a person following a person, a unit or an objective.
type Follow struct {
	Kind      string
	TargetID  int64
	CreatedAt time.Time
}

var followTables = map[string]string{FollowPerson: "people", FollowUnit: "units", FollowObjective: "objectives"}

// Follow makes the actor follow a person, unit or objective of its
// organisation. Following again changes nothing. Returns EINVALID for an
// unknown kind or a system actor, ENOTFOUND for a target not in the
// organisation.
func (db *DB) Follow(ctx context.Context, actor Actor, kind string, targetID int64) error {
	return db.write(ctx, actor, "follow", func(t *tx) error {
		if err := t.checkFollow(kind, targetID); err != nil {
			return err
		}
		_, err := t.exec(t.ctx, `INSERT INTO follows (org_id, person_id, kind, target_id, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (person_id, kind, target_id) DO UPDATE SET unfollowed_at = NULL,
			created_at = CASE WHEN follows.unfollowed_at IS NULL THEN follows.created_at ELSE excluded.created_at END`,
			t.org(), t.actor.PersonID, kind, targetID, micros(t.now))
		return err
	})
}

// Unfollow stops the actor following the target; the row is kept with the
// time it ended. Unfollowing what one does not follow changes nothing.
func (db *DB) Unfollow(ctx context.Context, actor Actor, kind string, targetID int64) error {
	return db.write(ctx, actor, "unfollow", func(t *tx) error {
		if _, ok := followTables[kind]; !ok || t.actor.PersonID == 0 {
			return invalid("kind", "only people can follow a person, unit or objective")
		}
		_, err := t.exec(t.ctx, `UPDATE follows SET unfollowed_at = ? WHERE org_id = ? AND person_id = ? AND kind = ? AND target_id = ?
			AND unfollowed_at IS NULL`, micros(t.now), t.org(), t.actor.PersonID, kind, targetID)
		return err
	})
}

func (t *tx) checkFollow(kind string, targetID int64) error {
	table, ok := followTables[kind]
	if !ok || t.actor.PersonID == 0 {
		return invalid("kind", "only people can follow a person, unit or objective")
	}
	var n int
	if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ? AND org_id = ?`, targetID, t.org()).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound(kind, targetID)
	}
	return nil
}

// ListFollows returns what the person follows, oldest first.
func (db *DB) ListFollows(ctx context.Context, orgID, personID int64) ([]Follow, error) {
	rows, err := db.reader().query(ctx, `SELECT kind, target_id, created_at FROM follows
		WHERE org_id = ? AND person_id = ? AND unfollowed_at IS NULL ORDER BY created_at, kind, target_id`, orgID, personID)
	if err != nil {
		return nil, fmt.Errorf("store: list follows: %w", err)
	}
	defer rows.Close()
	var out []Follow
	for rows.Next() {
		var f Follow
		var at int64
		if err := rows.Scan(&f.Kind, &f.TargetID, &at); err != nil {
			return nil, fmt.Errorf("store: list follows: %w", err)
		}
		f.CreatedAt = fromMicros(at)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list follows: %w", err)
	}
	return out, nil
}
