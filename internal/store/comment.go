package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// CommentTarget is what a new comment is on: an objective, or one of its
// key results, or one check-in of a key result.
type CommentTarget struct {
	ObjectiveID int64
	KeyResultID int64 // 0 for the objective itself
	CheckInID   int64 // 0 unless on a check-in
}

// AddComment adds a comment by the actor on target. Every member of the
// organisation may comment. Mentions (@[name] or @[e-mail]) must each
// name one active person of the organisation. The comment's event
// notifies the people mentioned, the owners of what it is on and their
// followers, and goes to the hooks that listen. Returns ENOTFOUND for a
// target outside the organisation (or a key result not of the objective,
// a check-in not of the key result), EINVALID for an empty or too long
// text or an unknown or shared name in a mention.
func (db *DB) AddComment(ctx context.Context, actor Actor, target CommentTarget, body string) (okr.Comment, error) {
	c := okr.Comment{Body: strings.TrimSpace(body)}
	err := db.write(ctx, actor, "comment", func(t *tx) error {
		if t.actor.PersonID == 0 {
			return forbidden("only people comment")
		}
		if err := t.checkCommentTarget(&target); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
		}
		ids, err := t.resolveMentions(c.Body)
		if err != nil {
			return err
		}
		c.OrgID, c.ObjectiveID, c.AuthorID, c.CreatedAt, c.Version, c.Mentions = t.org(), target.ObjectiveID, t.actor.PersonID, t.now, 1, ids
		if target.KeyResultID != 0 {
			c.KeyResultID = &target.KeyResultID
		}
		if target.CheckInID != 0 {
			c.CheckInID = &target.CheckInID
		}
		c.ID, err = t.insert(t.ctx, `INSERT INTO comments (org_id, objective_id, kr_id, checkin_id, author_id, body, created_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1)`, t.org(), c.ObjectiveID, nullID(c.KeyResultID), nullID(c.CheckInID), c.AuthorID, c.Body, micros(t.now))
		if err != nil {
			return fmt.Errorf("insert comment: %w", err)
		}
		if err := t.storeMentions(c.ID, ids); err != nil {
			return err
		}
		t.noteEvent(pendingEvent{typ: okr.EventComment, objectiveID: c.ObjectiveID, krID: target.KeyResultID, comment: &c})
		return t.audit("comment", c.ID, ActionCreate, nil, audit.FromComment(&c))
	})
	return c, err
}

// checkCommentTarget returns ENOTFOUND unless the target's objective, key
// result and check-in exist in the organisation and belong together. A
// check-in's key result is filled in when not given.
func (t *tx) checkCommentTarget(target *CommentTarget) error {
	var n int
	if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM objectives WHERE id = ? AND org_id = ? AND archived_at IS NULL`,
		target.ObjectiveID, t.org()).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound("objective", target.ObjectiveID)
	}
	if target.CheckInID != 0 {
		var kr int64
		err := t.queryRow(t.ctx, `SELECT c.kr_id FROM checkins c JOIN key_results k ON k.id = c.kr_id
			WHERE c.id = ? AND c.org_id = ? AND k.objective_id = ?`, target.CheckInID, t.org(), target.ObjectiveID).Scan(&kr)
		if isNoRows(err) || (err == nil && target.KeyResultID != 0 && kr != target.KeyResultID) {
			return notFound("check_in", target.CheckInID)
		} else if err != nil {
			return err
		}
		target.KeyResultID = kr
		return nil
	}
	if target.KeyResultID != 0 {
		if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM key_results WHERE id = ? AND org_id = ? AND objective_id = ?`,
			target.KeyResultID, t.org(), target.ObjectiveID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("key_result", target.KeyResultID)
		}
	}
	return nil
}

// resolveMentions finds the people body mentions among the organisation's
// active people (okr.ResolveMentions).
func (t *tx) resolveMentions(body string) ([]int64, error) {
	if len(okr.MentionNames(body)) == 0 {
		return nil, nil
	}
	people, err := mentionable(t.ctx, t.conn, t.org())
	if err != nil {
		return nil, err
	}
	return okr.ResolveMentions(body, people)
}

func mentionable(ctx context.Context, c conn, orgID int64) ([]okr.Mentionable, error) {
	rows, err := c.query(ctx, `SELECT id, name, email FROM people WHERE org_id = ? AND archived_at IS NULL ORDER BY name, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("load people to mention: %w", err)
	}
	defer rows.Close()
	var out []okr.Mentionable
	for rows.Next() {
		var m okr.Mentionable
		if err := rows.Scan(&m.ID, &m.Name, &m.Email); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Mentionable returns the active people of the organisation whose name or
// e-mail contains q (case-insensitive), at most limit, by name: the
// suggestions of the comment form's autocompletion.
func (db *DB) Mentionable(ctx context.Context, orgID int64, q string, limit int) ([]okr.Mentionable, error) {
	rows, err := db.reader().query(ctx, `SELECT id, name, email FROM people WHERE org_id = ? AND archived_at IS NULL
		AND search LIKE ? ESCAPE '\' ORDER BY name, id LIMIT ?`, orgID, likePattern(strings.ToLower(strings.TrimSpace(q))), limit)
	if err != nil {
		return nil, fmt.Errorf("store: mentionable: %w", err)
	}
	defer rows.Close()
	var out []okr.Mentionable
	for rows.Next() {
		var m okr.Mentionable
		if err := rows.Scan(&m.ID, &m.Name, &m.Email); err != nil {
			return nil, fmt.Errorf("store: mentionable: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (t *tx) storeMentions(commentID int64, ids []int64) error {
	if _, err := t.exec(t.ctx, `DELETE FROM comment_mentions WHERE comment_id = ? AND org_id = ?`, commentID, t.org()); err != nil {
		return fmt.Errorf("clear mentions: %w", err)
	}
	for _, id := range ids {
		if _, err := t.exec(t.ctx, `INSERT INTO comment_mentions (org_id, comment_id, person_id) VALUES (?, ?, ?)`, t.org(), commentID, id); err != nil {
			return fmt.Errorf("store mention: %w", err)
		}
	}
	return nil
}

// EditComment replaces the text of a comment. Only its author or an admin
// may (EFORBIDDEN); expected is the version being replaced (ESTALE when
// someone changed it since). People newly mentioned are notified.
func (db *DB) EditComment(ctx context.Context, actor Actor, id int64, body string, expected int64) (okr.Comment, error) {
	var c okr.Comment
	err := db.write(ctx, actor, "edit comment", func(t *tx) error {
		var err error
		if c, err = t.commentForChange(id, expected); err != nil {
			return err
		}
		before := c
		old := c.Mentions
		c.Body = strings.TrimSpace(body)
		if err := c.Validate(); err != nil {
			return err
		}
		if c.Mentions, err = t.resolveMentions(c.Body); err != nil {
			return err
		}
		at := t.now
		c.EditedAt, c.Version = &at, c.Version+1
		if _, err := t.exec(t.ctx, `UPDATE comments SET body = ?, edited_at = ?, version = version + 1 WHERE id = ? AND org_id = ?`,
			c.Body, micros(at), id, t.org()); err != nil {
			return fmt.Errorf("update comment: %w", err)
		}
		if err := t.storeMentions(id, c.Mentions); err != nil {
			return err
		}
		if err := t.audit("comment", id, ActionUpdate, audit.FromComment(&before), audit.FromComment(&c)); err != nil {
			return err
		}
		return t.notifyNewMentions(&c, old)
	})
	return c, err
}

// ArchiveComment deletes a comment from view: the row is kept, archived.
// Only its author or an admin may (EFORBIDDEN); ESTALE as EditComment.
func (db *DB) ArchiveComment(ctx context.Context, actor Actor, id int64, expected int64) error {
	return db.write(ctx, actor, "delete comment", func(t *tx) error {
		before, err := t.commentForChange(id, expected)
		if err != nil {
			return err
		}
		if _, err := t.exec(t.ctx, `UPDATE comments SET archived_at = ?, version = version + 1 WHERE id = ? AND org_id = ?`, micros(t.now), id, t.org()); err != nil {
			return err
		}
		after := before
		after.Archived, after.Version = true, before.Version+1
		return t.audit("comment", id, ActionArchive, audit.FromComment(&before), audit.FromComment(&after))
	})
}

// commentForChange loads a live comment of the organisation for an edit by
// the actor: ENOTFOUND, EFORBIDDEN unless author or admin, ESTALE unless at
// version expected.
func (t *tx) commentForChange(id, expected int64) (okr.Comment, error) {
	cs, err := listComments(t.ctx, t.conn, t.org(), `c.id = ?`, id)
	if err != nil {
		return okr.Comment{}, err
	}
	if len(cs) == 0 {
		return okr.Comment{}, notFound("comment", id)
	}
	c := cs[0]
	if !(okr.Actor{PersonID: t.actor.PersonID, Role: t.roleNow()}).MayEditComment(&c) {
		return c, forbidden("only the author or an admin may change a comment")
	}
	if c.Version != expected {
		return c, stale("comment")
	}
	return c, nil
}

// ListComments returns the live comments on an objective, its key results
// and their check-ins, oldest first, with their mentions.
func (db *DB) ListComments(ctx context.Context, orgID, objectiveID int64) ([]okr.Comment, error) {
	cs, err := listComments(ctx, db.reader(), orgID, `c.objective_id = ?`, objectiveID)
	if err != nil {
		return nil, fmt.Errorf("store: list comments: %w", err)
	}
	return cs, nil
}

// GetComment returns a live comment of the organisation, or ENOTFOUND.
func (db *DB) GetComment(ctx context.Context, orgID, id int64) (okr.Comment, error) {
	cs, err := listComments(ctx, db.reader(), orgID, `c.id = ?`, id)
	if err != nil {
		return okr.Comment{}, fmt.Errorf("store: get comment: %w", err)
	}
	if len(cs) == 0 {
		return okr.Comment{}, notFound("comment", id)
	}
	return cs[0], nil
}

func listComments(ctx context.Context, c conn, orgID int64, where string, arg any) ([]okr.Comment, error) {
	rows, err := c.query(ctx, `SELECT c.id, c.objective_id, c.kr_id, c.checkin_id, c.author_id, c.body, c.created_at, c.edited_at, c.version,
		(SELECT string_agg(CAST(m.person_id AS TEXT), ',' ORDER BY m.person_id) FROM comment_mentions m WHERE m.comment_id = c.id),
		(SELECT ci.at FROM checkins ci WHERE ci.id = c.checkin_id)
		FROM comments c WHERE c.org_id = ? AND `+where+` AND c.archived_at IS NULL ORDER BY c.created_at, c.id`, orgID, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []okr.Comment
	for rows.Next() {
		var cm okr.Comment
		var kr, ci, edited sql.NullInt64
		var created int64
		var mentions sql.NullString
		var ciAt sql.NullInt64
		if err := rows.Scan(&cm.ID, &cm.ObjectiveID, &kr, &ci, &cm.AuthorID, &cm.Body, &created, &edited, &cm.Version, &mentions, &ciAt); err != nil {
			return nil, err
		}
		cm.OrgID, cm.KeyResultID, cm.CheckInID, cm.CreatedAt = orgID, idPtr(kr), idPtr(ci), fromMicros(created)
		if edited.Valid {
			at := fromMicros(edited.Int64)
			cm.EditedAt = &at
		}
		if ciAt.Valid {
			at := fromMicros(ciAt.Int64)
			cm.CheckInAt = &at
		}
		if cm.Mentions, err = parseIDList(mentions.String); err != nil {
			return nil, err
		}
		out = append(out, cm)
	}
	return out, rows.Err()
}

// parseIDList reads a comma-separated list of ids ("" is none).
func parseIDList(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]int64, len(parts))
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id list %q: %w", s, err)
		}
		out[i] = n
	}
	return out, nil
}

// GetCheckIn returns a check-in of the organisation (its key result, value
// and time), or ENOTFOUND.
func (db *DB) GetCheckIn(ctx context.Context, orgID, id int64) (okr.CheckIn, error) {
	c := okr.CheckIn{ID: id, OrgID: orgID}
	var at int64
	err := db.reader().queryRow(ctx, `SELECT kr_id, value, at FROM checkins WHERE id = ? AND org_id = ?`, id, orgID).Scan(&c.KeyResultID, &c.Value, &at)
	if isNoRows(err) {
		return c, notFound("check_in", id)
	} else if err != nil {
		return c, fmt.Errorf("store: get check-in: %w", err)
	}
	c.At = fromMicros(at)
	return c, nil
}
