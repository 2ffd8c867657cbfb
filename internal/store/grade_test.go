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

		g := must(db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: traffic.ID, Score: 0.5}))(t)
		if g.Suggested != 0.5 || g.GradedBy != f.lead.ID || g.At.IsZero() {
			t.Fatalf("SetGrade = %+v, want suggested 0.5 by the lead", g)
		}
		// Within half a point of the suggestion no note is needed.
		must(db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: ads.ID, Score: 0.996}))(t)
		_, err := db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: ads.ID, Score: 0.9})
		wantCode(t, err, okr.EINVALID)
		wantField(t, err, "note")
		_, err = db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: ads.ID, Score: 1.2, Note: "x"})
		wantField(t, err, "score")
		_, err = db.SetGrade(ctx, as(f.member), okr.Grade{KeyResultID: ads.ID, Score: 1})
		wantCode(t, err, okr.EFORBIDDEN)
		// Re-grading replaces the grade.
		must(db.SetGrade(ctx, as(f.admin), okr.Grade{KeyResultID: ads.ID, Score: 0.9, Note: "the budget was cut"}))(t)

		grades := must(db.ListGrades(ctx, f.org.ID, []int64{traffic.ID, ads.ID}))(t)
		if len(grades) != 2 || grades[ads.ID].Score != 0.9 || grades[ads.ID].Note != "the budget was cut" || grades[ads.ID].GradedBy != f.admin.ID {
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
