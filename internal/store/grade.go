package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// gradeTolerance is how far a score may differ from the suggestion without
// a note: half a percentage point.
const gradeTolerance = 0.005

// SetGrade grades a key result at the end of its period (or re-grades it):
// Suggested is computed from the KR's progress now, and a Note is required
// (EINVALID, field "note") when Score differs from it by more than half a
// percentage point. GradedBy is the actor. Whoever may change the KR may
// grade it. expected is the version of the grade being replaced: 0 creates
// the KR's first grade, and ESTALE is returned when it does not match the
// stored grade (someone else graded first, or the KR has no grade to
// replace). Returns ENOTFOUND, EINVALID (score outside 0..1), EFORBIDDEN
// and ESTALE; on success the stored grade with its new version.
func (db *DB) SetGrade(ctx context.Context, actor Actor, g okr.Grade, expected int64) (okr.Grade, error) {
	err := db.write(ctx, actor, "grade", func(t *tx) error {
		kr, o, err := t.krContext(g.KeyResultID)
		if err != nil {
			return err
		}
		if err := require(t.mayEditKR(&kr, &o))("you may not grade this key result"); err != nil {
			return err
		}
		g.Note = strings.TrimSpace(g.Note)
		if err := g.Validate(); err != nil {
			return err
		}
		g.Suggested = okr.SuggestedScore(&kr)
		if math.Abs(g.Score-g.Suggested) > gradeTolerance && g.Note == "" {
			return &okr.Error{Code: okr.EINVALID, Field: "note", Key: "err.grade_note", Args: map[string]any{"Suggested": g.Suggested},
				Message: fmt.Sprintf("say why the score differs from the suggested %.0f %%", g.Suggested*100)}
		}
		g.GradedBy, g.At = t.actor.PersonID, t.now
		before, err := getGrade(t.ctx, t.conn, t.org(), kr.ID)
		if err != nil {
			return err
		}
		if err := t.storeGrade(&g, before, expected); err != nil {
			return err
		}
		var b audit.Record
		if before != nil {
			b = audit.FromGrade(before)
		}
		if err := t.audit("key_result", kr.ID, ActionGrade, b, audit.FromGrade(&g)); err != nil {
			return err
		}
		return t.noteGraded(o.ID)
	})
	return g, err
}

// noteGraded notes an objective.graded event when every live key result
// of objective id now has a grade.
func (t *tx) noteGraded(id int64) error {
	var ungraded int
	err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM key_results k WHERE k.objective_id = ? AND k.org_id = ? AND k.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM grades g WHERE g.kr_id = k.id)`, id, t.org()).Scan(&ungraded)
	if err != nil {
		return fmt.Errorf("count ungraded key results: %w", err)
	}
	if ungraded == 0 {
		t.noteEvent(pendingEvent{typ: okr.EventGraded, objectiveID: id})
	}
	return nil
}

// storeGrade inserts g as the KR's first grade (expected 0) or replaces
// before, which must be at version expected, and sets g.Version.
func (t *tx) storeGrade(g *okr.Grade, before *okr.Grade, expected int64) error {
	if before == nil && expected == 0 {
		// Two first grades at once: the loser inserts nothing and is stale.
		res, err := t.exec(t.ctx, `INSERT INTO grades (kr_id, org_id, score, suggested, note, graded_by, at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (kr_id) DO NOTHING`,
			g.KeyResultID, t.org(), g.Score, g.Suggested, g.Note, t.authorID(), micros(g.At))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return stale("grade")
		}
		g.Version = 1
		return nil
	}
	if before == nil {
		return checkVersion("grade", 0, expected)
	}
	if err := checkVersion("grade", before.Version, expected); err != nil {
		return err
	}
	if err := t.execVersioned("grade", `UPDATE grades SET score = ?, suggested = ?, note = ?, graded_by = ?, at = ?, version = version + 1
		WHERE kr_id = ? AND org_id = ? AND version = ?`,
		g.Score, g.Suggested, g.Note, t.authorID(), micros(g.At), g.KeyResultID, t.org(), expected); err != nil {
		return err
	}
	g.Version = expected + 1
	return nil
}

// getGrade returns the KR's grade, or nil when it has none.
func getGrade(ctx context.Context, c conn, orgID, krID int64) (*okr.Grade, error) {
	g, err := scanGrade(c.queryRow(ctx, `SELECT `+gradeColumns+` FROM grades WHERE kr_id = ? AND org_id = ?`, krID, orgID))
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("get grade: %w", err)
	}
	return &g, nil
}

const gradeColumns = `kr_id, score, suggested, note, graded_by, at, version`

func scanGrade(s scanner) (okr.Grade, error) {
	var g okr.Grade
	var by sql.NullInt64
	var at int64
	err := s.Scan(&g.KeyResultID, &g.Score, &g.Suggested, &g.Note, &by, &at, &g.Version)
	g.GradedBy, g.At = by.Int64, fromMicros(at)
	return g, err
}

// ListGrades returns the grades of the key results by KR id, in one query;
// ungraded KRs are absent. The map suits okr.ObjectiveScore.
func (db *DB) ListGrades(ctx context.Context, orgID int64, krIDs []int64) (map[int64]*okr.Grade, error) {
	out := map[int64]*okr.Grade{}
	if len(krIDs) == 0 {
		return out, nil
	}
	in, arg := db.inIDs("kr_id", krIDs)
	rows, err := db.reader().query(ctx, `SELECT `+gradeColumns+` FROM grades WHERE org_id = ? AND `+in, orgID, arg)
	if err != nil {
		return nil, fmt.Errorf("store: list grades: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		g, err := scanGrade(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list grades: %w", err)
		}
		out[g.KeyResultID] = &g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list grades: %w", err)
	}
	return out, nil
}
