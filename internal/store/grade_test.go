package store

import (
	"math"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestGrades(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Tilbehør", unitOwner(f.dept.ID))
		traffic := f.mustKR(t, o.ID, "Organisk trafikk +20 %", increase(0, 20))
		ads := f.mustKR(t, o.ID, "Facebook-annonser +5 %", increase(0, 5))
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{
			{KeyResultID: traffic.ID, Value: 10, Confidence: okr.AtRisk},
			{KeyResultID: ads.ID, Value: 5, Confidence: okr.OnTrack},
		}))(t)

		g := must(db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: traffic.ID, Score: 0.5}, 0))(t)
		if g.Suggested != 0.5 || g.GradedBy != f.lead.ID || g.At.IsZero() || g.Version != 1 {
			t.Fatalf("SetGrade = %+v, want suggested 0.5 by the lead at version 1", g)
		}
		// Within half a point of the suggestion no note is needed.
		must(db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: ads.ID, Score: 0.996}, 0))(t)
		_, err := db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: ads.ID, Score: 0.9}, 1)
		wantCode(t, err, okr.EINVALID)
		wantField(t, err, "note")
		_, err = db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: ads.ID, Score: 1.2, Note: "x"}, 1)
		wantField(t, err, "score")
		_, err = db.SetGrade(ctx, as(f.member), okr.Grade{KeyResultID: ads.ID, Score: 1}, 1)
		wantCode(t, err, okr.EFORBIDDEN)
		// Re-grading replaces the grade it names by its version.
		g = must(db.SetGrade(ctx, as(f.admin), okr.Grade{KeyResultID: ads.ID, Score: 0.9, Note: "the budget was cut"}, 1))(t)
		if g.Version != 2 {
			t.Fatalf("re-grade version = %d, want 2", g.Version)
		}

		grades := must(db.ListGrades(ctx, f.org.ID, []int64{traffic.ID, ads.ID}))(t)
		if len(grades) != 2 || grades[ads.ID].Score != 0.9 || grades[ads.ID].Note != "the budget was cut" || grades[ads.ID].GradedBy != f.admin.ID ||
			grades[ads.ID].Version != 2 || grades[traffic.ID].Version != 1 {
			t.Fatalf("ListGrades = %+v, want the re-grade of ads by the admin", grades)
		}
		krs := must(db.ListKeyResults(ctx, f.org.ID, []int64{o.ID}, false))(t)
		ptrs := []*okr.KeyResult{&krs[0], &krs[1]}
		if score, _ := okr.ObjectiveScore(ptrs, grades); math.Abs(score-0.7) > 1e-9 {
			t.Fatalf("objective score = %v, want 0.7", score)
		}
		entries := must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: ads.ID}))(t)
		if entries[0].Action != ActionGrade || entries[0].Before == "" || entries[0].After == "" {
			t.Fatalf("audit of the re-grade = %+v, want a grade entry with before and after", entries[0])
		}
	})
}

// TestGradeVersions checks that a grade replaces only the grade it names:
// creating needs version 0 and a KR without a grade, replacing the stored
// version; a stale or made-up version changes nothing.
func TestGradeVersions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Tilbehør", unitOwner(f.dept.ID))
		kr := f.mustKR(t, o.ID, "Organisk trafikk +20 %", increase(0, 20))
		grade := func(score float64, expected int64) (okr.Grade, error) {
			return db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: kr.ID, Score: score, Note: "why"}, expected)
		}
		_, err := grade(0.3, 1)
		wantCode(t, err, okr.ESTALE) // nothing to replace yet
		must(grade(0.3, 0))(t)
		_, err = grade(0.4, 0)
		wantCode(t, err, okr.ESTALE) // someone graded first
		must(grade(0.4, 1))(t)
		for _, expected := range []int64{1, 3} {
			_, err = grade(0.5, expected)
			wantCode(t, err, okr.ESTALE)
		}
		g := must(db.ListGrades(ctx, f.org.ID, []int64{kr.ID}))(t)[kr.ID]
		if g == nil || g.Score != 0.4 || g.Version != 2 {
			t.Fatalf("grade = %+v, want 0.4 at version 2", g)
		}
		if n := len(must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "key_result", ObjectID: kr.ID}))(t)); n != 3 {
			t.Errorf("audit entries = %d, want 3 (create and two grades)", n)
		}
	})
}
