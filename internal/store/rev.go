package store

import (
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
)

// touchSet is what a write transaction changed that shows under an
// objective: the objectives themselves, key results (their check-ins,
// grades, target changes and milestones are written under the key result)
// and initiatives; and parents, the objectives an objective was aligned
// below or left, whose subtree changed without their content.
type touchSet struct {
	objectives, keyResults, initiatives, parents []int64
}

func (s *touchSet) empty() bool {
	return len(s.objectives)+len(s.keyResults)+len(s.initiatives)+len(s.parents) == 0
}

// add adds what o holds to s.
func (s *touchSet) add(o *touchSet) {
	s.objectives = append(s.objectives, o.objectives...)
	s.keyResults = append(s.keyResults, o.keyResults...)
	s.initiatives = append(s.initiatives, o.initiatives...)
	s.parents = append(s.parents, o.parents...)
}

// touch notes a change that audit is recording, with the records before
// and after it. Every change the store makes is audited, so every change
// under an objective reaches bumpRevs. A new objective needs no bump:
// nothing can have cached it; the subtree of the objective it is aligned
// below changed, and so did the subtrees an objective leaves or joins.
func (t *tx) touch(objectType string, id int64, action string, records ...audit.Record) {
	switch objectType {
	case "objective":
		if action != ActionCreate {
			t.touched.objectives = append(t.touched.objectives, id)
		}
		for _, r := range records {
			if o, ok := r.(*audit.Objective); ok && o != nil && o.ParentID != nil {
				t.touched.parents = append(t.touched.parents, *o.ParentID)
			}
		}
	case "key_result":
		t.touched.keyResults = append(t.touched.keyResults, id)
	case "initiative":
		t.touched.initiatives = append(t.touched.initiatives, id)
	}
}

// touchObjective notes a change under objective id that no audit entry
// names, such as a key result moving away from it.
func (t *tx) touchObjective(id int64) {
	t.touched.objectives = append(t.touched.objectives, id)
}

// bumpRevs adds one to the content revision (okr.Objective.Rev) of every
// objective the transaction touched, as the transaction's last writes: key
// results and initiatives count for the objective they belong to when the
// transaction ends (a moved key result touches the objective it left
// through touchObjective). A second statement adds one to the subtree
// revision (objective_trees) of those objectives, of the parents touched
// and of every objective above them.
func (t *tx) bumpRevs() error {
	if t.touched.empty() {
		return nil
	}
	revs, trees, args := t.db.bumpRevsQuery(t.org(), t.touched)
	if revs != "" {
		if _, err := t.exec(t.ctx, revs, args...); err != nil {
			return fmt.Errorf("bump objective revisions: %w", err)
		}
	}
	if _, err := t.exec(t.ctx, trees, args...); err != nil {
		return fmt.Errorf("bump subtree revisions: %w", err)
	}
	t.touched = touchSet{}
	return nil
}

// bumpRevsQuery returns the statements of bumpRevs, which take the same
// arguments: "touched" are the objectives whose content changed (none when
// only parents were touched: then revs is empty), "up" those and the
// parents touched with every objective above them (UNION ends the walk at
// the top). Only the sets the transaction has take part. Each set is
// reached by primary key; "+org_id" keeps SQLite from scanning the
// organisation's rows through its org_id indexes instead (rev_test.go
// checks the plans). The subtree revisions are written in id order, by the
// only statement that writes them: on PostgreSQL two transactions take
// those row locks in one order and cannot deadlock (on the objectives
// themselves they could: an edit locks its objective first).
func (db *DB) bumpRevsQuery(orgID int64, s touchSet) (revs, trees string, args []any) {
	each := "SELECT value FROM json_each(?)"
	if db.dialect == DialectPostgres {
		each = "SELECT unnest(CAST(? AS BIGINT[]))"
	}
	var parts []string
	if len(s.objectives) > 0 {
		_, arg := db.inIDs("id", s.objectives)
		parts, args = append(parts, each), append(args, arg)
	}
	if len(s.keyResults) > 0 {
		krs, arg := db.inIDs("id", s.keyResults)
		parts, args = append(parts, `SELECT objective_id FROM key_results WHERE `+krs+` AND +org_id = ?`), append(args, arg, orgID)
	}
	if len(s.initiatives) > 0 {
		inits, arg := db.inIDs("i.id", s.initiatives)
		parts = append(parts, `SELECT k.objective_id FROM initiatives i JOIN key_results k ON k.id = i.kr_id WHERE `+inits+` AND +i.org_id = ?`)
		args = append(args, arg, orgID)
	}
	touched := "SELECT CAST(NULL AS BIGINT) WHERE 1 = 0"
	if len(parts) > 0 {
		touched = strings.Join(parts, "\n\t\tUNION ")
	}
	starts := "SELECT id FROM touched"
	if len(s.parents) > 0 {
		_, arg := db.inIDs("id", s.parents)
		starts, args = starts+" UNION "+each, append(args, arg)
	}
	args = append(args, orgID)
	with := `WITH RECURSIVE touched (id) AS (` + touched + `),
	up (id) AS (` + starts + `
		UNION SELECT o.parent_id FROM objectives o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL)
	`
	if len(parts) > 0 {
		revs = with + `UPDATE objectives SET rev = rev + 1 WHERE id IN (SELECT id FROM touched) AND +org_id = ?`
	}
	trees = with + `INSERT INTO objective_trees (objective_id, org_id, tree_rev)
	SELECT o.id, o.org_id, 1 FROM objectives o WHERE o.id IN (SELECT id FROM up) AND +o.org_id = ? ORDER BY o.id
	ON CONFLICT (objective_id) DO UPDATE SET tree_rev = objective_trees.tree_rev + 1`
	return revs, trees, args
}
