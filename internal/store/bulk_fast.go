package store

import (
	"encoding/json"
	"fmt"

	"github.com/okr-dev/okr/internal/okr"
)

// The Loader's batch methods write many rows per statement: ids are
// reserved up front, so that one multi-row INSERT needs no RETURNING and a
// batch costs a few round trips whatever its size. They exist for generated
// organisations of a million rows, where a statement per row costs minutes
// on PostgreSQL.

// maxBatchParams bounds the parameters of one statement: under SQLite's
// limit of 32766 and PostgreSQL's of 65535.
const maxBatchParams = 30000

// newIDs reserves n ids of table (tx.reserveIDs).
func (l *Loader) newIDs(table string, n int) ([]int64, error) {
	if n == 0 {
		return []int64{}, nil
	}
	return l.t.reserveIDs(table, n)
}

// insertRows inserts the rows in args (cols values each, flattened) with
// multi-row INSERTs.
func (l *Loader) insertRows(prefix string, cols int, args []any) error {
	per := max(1, min(500, maxBatchParams/cols))
	for len(args) > 0 {
		n := min(per, len(args)/cols)
		if err := l.exec(l.valuesInsert(prefix, cols, n), args[:n*cols]...); err != nil {
			return err
		}
		args = args[n*cols:]
	}
	return nil
}

// Objectives writes objs like Objective does, many per statement, and sets
// their ids. It writes no contributes-to links and no audit entries.
func (l *Loader) Objectives(objs []okr.Objective) error {
	ids, err := l.newIDs("objectives", len(objs))
	if err != nil {
		return fmt.Errorf("objectives: %w", err)
	}
	const cols = 1 + objectiveInsertCount // the id, then the rest
	args := make([]any, 0, cols*len(objs))
	for i := range objs {
		o := &objs[i]
		o.ID, o.OrgID, o.Version = ids[i], l.Org(), 1
		created, updated := l.createdAt(micros0(o.CreatedAt)), l.createdAt(micros0(o.UpdatedAt))
		o.CreatedAt, o.UpdatedAt = fromMicros(created), fromMicros(updated)
		args = objectiveValues(append(args, o.ID), o.OrgID, o, l.archivedAt(o.Archived), created, updated)
	}
	err = l.insertRows(`INSERT INTO objectives (id, `+objectiveInsertColumns+`) VALUES `, cols, args)
	if err != nil {
		return fmt.Errorf("objectives: %w", err)
	}
	return nil
}

// KeyResults writes krs like KeyResult does, many per statement, with
// their milestones, and sets the ids. It writes no audit entries.
func (l *Loader) KeyResults(krs []okr.KeyResult) error {
	ids, err := l.newIDs("key_results", len(krs))
	if err != nil {
		return fmt.Errorf("key results: %w", err)
	}
	const cols = 20
	args := make([]any, 0, cols*len(krs))
	nms := 0
	for i := range krs {
		kr := &krs[i]
		kr.ID, kr.OrgID, kr.Version = ids[i], l.Org(), 1
		created := l.createdAt(micros0(kr.CreatedAt))
		kr.CreatedAt = fromMicros(created)
		var cur any
		if kr.Current != nil {
			cur = *kr.Current
		}
		m := kr.Metric
		args = append(args, kr.ID, kr.OrgID, kr.ObjectiveID, kr.Title, nullID(kr.Owner.UnitID), nullID(kr.Owner.PersonID), kr.Weight,
			string(m.Kind), m.Start, m.Target, string(m.Unit.Kind), m.Unit.Code, nullID(kr.KPIID), kr.Position, cur,
			string(kr.Confidence), nullMicros(kr.LastCheckInAt), l.archivedAt(kr.Archived), 1, created)
		nms += len(kr.Milestones)
	}
	err = l.insertRows(`INSERT INTO key_results (id, org_id, objective_id, title, owner_unit_id, owner_person_id, weight, metric_kind,
		metric_start, metric_target, unit_kind, unit_code, kpi_id, position, current_value, confidence, last_checkin_at, archived_at, version, created_at) VALUES `, cols, args)
	if err != nil {
		return fmt.Errorf("key results: %w", err)
	}
	return l.milestones(krs, nms)
}

func (l *Loader) milestones(krs []okr.KeyResult, n int) error {
	ids, err := l.newIDs("milestones", n)
	if err != nil {
		return fmt.Errorf("milestones: %w", err)
	}
	const cols = 6
	args := make([]any, 0, cols*n)
	for i := range krs {
		kr := &krs[i]
		for j := range kr.Milestones {
			ms := &kr.Milestones[j]
			ms.ID, ids = ids[0], ids[1:]
			args = append(args, ms.ID, kr.OrgID, kr.ID, ms.Title, boolInt(ms.Done), j)
		}
	}
	if err := l.insertRows(`INSERT INTO milestones (id, org_id, kr_id, title, done, position) VALUES `, cols, args); err != nil {
		return fmt.Errorf("milestones: %w", err)
	}
	return nil
}

// Initiatives writes ins like Initiative does, many per statement, and sets
// their ids. It writes no audit entries.
func (l *Loader) Initiatives(ins []okr.Initiative) error {
	ids, err := l.newIDs("initiatives", len(ins))
	if err != nil {
		return fmt.Errorf("initiatives: %w", err)
	}
	const cols = 10
	args := make([]any, 0, cols*len(ins))
	now := micros(l.t.now)
	for i := range ins {
		in := &ins[i]
		in.ID, in.OrgID, in.Version = ids[i], l.Org(), 1
		args = append(args, in.ID, in.OrgID, in.KeyResultID, in.Title, nullID(in.OwnerPersonID), string(in.Status), nullDate(in.Due),
			l.archivedAt(in.Archived), 1, now)
	}
	err = l.insertRows(`INSERT INTO initiatives (id, org_id, kr_id, title, owner_person_id, status, due, archived_at, version, created_at) VALUES `, cols, args)
	if err != nil {
		return fmt.Errorf("initiatives: %w", err)
	}
	return nil
}

// CheckInRows writes many check-ins as given, like CheckIns, with up to 500
// rows per statement. It does not set their ids.
func (l *Loader) CheckInRows(cs []okr.CheckIn) error {
	const cols = 9
	args := make([]any, 0, cols*len(cs))
	for _, c := range cs {
		done := ""
		if len(c.MilestonesDone) > 0 {
			b, err := json.Marshal(c.MilestonesDone)
			if err != nil {
				return err
			}
			done = string(b)
		}
		args = append(args, l.Org(), c.KeyResultID, c.Value, done, string(c.Confidence), c.Comment, idOrNull(c.AuthorID), micros(c.At), boolInt(c.Late))
	}
	err := l.insertRows(`INSERT INTO checkins (org_id, kr_id, value, milestones_done, confidence, comment, author_id, at, late) VALUES `, cols, args)
	if err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	return nil
}
