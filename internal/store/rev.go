package store

import (
	"math/rand/v2"
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
// and of every objective above them, in the transaction's stripe.
//
// An objective's subtree revision is the sum of its stripes. On PostgreSQL
// every write bumps the company's objectives at the top and holds their row
// locks until its commit is on disk; with one row each, concurrent
// check-ins waited for each other's commits there. Each transaction now
// takes one of treeStripes stripes at random, the same for all its bumps,
// so that two writes wait on each other only when their stripes meet. On
// SQLite writes run one at a time and all use stripe 0.
func (t *tx) bumpRevs() error {
	if t.touched.empty() {
		return nil
	}
	if t.stripe == 0 {
		t.stripe = 1 + t.db.pickStripe()
	}
	revs, trees, args := t.db.bumpRevsQuery(t.org(), t.touched)
	if revs != "" {
		if err := t.later(t.ctx, "bump objective revisions", revs, args...); err != nil {
			return err
		}
	}
	if err := t.later(t.ctx, "bump subtree revisions", trees, treeArgs(args, t.stripe-1)...); err != nil {
		return err
	}
	t.touched = touchSet{}
	return nil
}

// treeStripes is how many stripes a subtree revision has on PostgreSQL:
// with 16 connections checking in, two of them meet in a stripe about one
// time in sixteen.
const treeStripes = 16

// pickStripe returns the stripe of a new transaction's bumps.
func (db *DB) pickStripe() int {
	switch {
	case db.dialect != DialectPostgres:
		return 0
	case db.stripeFor != nil:
		return db.stripeFor()
	}
	return rand.IntN(treeStripes)
}

// treeArgs returns the arguments of bumpRevsQuery's trees statement: the
// statements' common ones with the stripe before the last (the
// organisation).
func treeArgs(args []any, stripe int) []any {
	n := len(args)
	return append(append(args[:n-1:n-1], stripe), args[n-1])
}

// bumpRevsQuery returns the statements of bumpRevs, which take the same
// arguments but for the stripe of trees (treeArgs): "touched" are the
// objectives whose content changed (none when only parents were touched:
// then revs is empty), "up" those and the
// parents touched with every objective above them (UNION ends the walk at
// the top). Only the sets the transaction has take part. Each set is
// reached by primary key; "+org_id" keeps SQLite from scanning the
// organisation's rows through its org_id indexes instead (rev_test.go
// checks the plans). The subtree revisions are written in id order, by the
// only statement that writes them, each transaction in one stripe: on
// PostgreSQL two transactions take those row locks in one order and cannot
// deadlock (on the objectives themselves they could: an edit locks its
// objective first).
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
	trees = with + `INSERT INTO objective_trees (objective_id, stripe, org_id, tree_rev)
	SELECT o.id, CAST(? AS SMALLINT), o.org_id, 1 FROM objectives o WHERE o.id IN (SELECT id FROM up) AND +o.org_id = ? ORDER BY o.id
	ON CONFLICT (objective_id, stripe) DO UPDATE SET tree_rev = objective_trees.tree_rev + 1`
	return revs, trees, args
}

// treeRevOf is the SQL of the subtree revision of the objective whose id
// is the expression id: the sum of its stripes (bumpRevs), 0 before its
// first bump. The stripes are the rows of one primary-key prefix.
func treeRevOf(id string) string {
	return `(SELECT CAST(COALESCE(SUM(tr.tree_rev), 0) AS BIGINT) FROM objective_trees tr WHERE tr.objective_id = ` + id + `)`
}
