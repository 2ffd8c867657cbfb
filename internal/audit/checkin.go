package audit

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// CheckIn is a check-in, recorded on its key result (action check_in).
type CheckIn struct {
	V              int       `json:"v"`
	ID             int64     `json:"id"`
	KeyResultID    int64     `json:"key_result_id"`
	Value          float64   `json:"value"`
	MilestonesDone []int64   `json:"milestones_done"`
	Confidence     string    `json:"confidence"`
	Comment        string    `json:"comment"`
	AuthorID       int64     `json:"author_id"` // 0 for the system
	At             time.Time `json:"at"`
	Late           bool      `json:"late"`
	// OnBehalfOf is the owner the author checked in for, when not their
	// own key result ("registered by" the author); absent otherwise.
	OnBehalfOf *Owner `json:"on_behalf_of,omitempty"`
}

// RecordType returns "check_in".
func (*CheckIn) RecordType() string { return "check_in" }

// FromCheckIn records c.
func FromCheckIn(c *okr.CheckIn) *CheckIn {
	return &CheckIn{V: Version, ID: c.ID, KeyResultID: c.KeyResultID, Value: c.Value, MilestonesDone: c.MilestonesDone,
		Confidence: string(c.Confidence), Comment: c.Comment, AuthorID: c.AuthorID, At: c.At, Late: c.Late, OnBehalfOf: ownerPtr(c.OnBehalfOf)}
}

func ownerPtr(o *okr.Owner) *Owner {
	if o == nil {
		return nil
	}
	r := fromOwner(*o)
	return &r
}

// Domain returns the recorded check-in (without its organisation).
func (r *CheckIn) Domain() okr.CheckIn {
	c := okr.CheckIn{ID: r.ID, KeyResultID: r.KeyResultID, Value: r.Value, MilestonesDone: r.MilestonesDone,
		Confidence: okr.Confidence(r.Confidence), Comment: r.Comment, AuthorID: r.AuthorID, At: r.At, Late: r.Late}
	if r.OnBehalfOf != nil {
		o := r.OnBehalfOf.domain()
		c.OnBehalfOf = &o
	}
	return c
}

// TargetChange is a change of a key result's start or target, recorded on
// the key result (action target_change).
type TargetChange struct {
	V           int       `json:"v"`
	ID          int64     `json:"id"`
	KeyResultID int64     `json:"key_result_id"`
	OldStart    float64   `json:"old_start"`
	OldTarget   float64   `json:"old_target"`
	NewStart    float64   `json:"new_start"`
	NewTarget   float64   `json:"new_target"`
	AuthorID    int64     `json:"author_id"` // 0 for the system
	At          time.Time `json:"at"`
	Reason      string    `json:"reason"`
}

// RecordType returns "target_change".
func (*TargetChange) RecordType() string { return "target_change" }

// FromTargetChange records tc.
func FromTargetChange(tc *okr.TargetChange) *TargetChange {
	return &TargetChange{V: Version, ID: tc.ID, KeyResultID: tc.KeyResultID, OldStart: tc.OldStart, OldTarget: tc.OldTarget,
		NewStart: tc.NewStart, NewTarget: tc.NewTarget, AuthorID: tc.AuthorID, At: tc.At, Reason: tc.Reason}
}

// Domain returns the recorded target change.
func (r *TargetChange) Domain() okr.TargetChange {
	return okr.TargetChange{ID: r.ID, KeyResultID: r.KeyResultID, OldStart: r.OldStart, OldTarget: r.OldTarget,
		NewStart: r.NewStart, NewTarget: r.NewTarget, AuthorID: r.AuthorID, At: r.At, Reason: r.Reason}
}

// Grade is the end-of-period score of a key result, recorded on the key
// result (action grade). Scores are fractions (0..1).
type Grade struct {
	V           int       `json:"v"`
	KeyResultID int64     `json:"key_result_id"`
	Score       float64   `json:"score"`
	Suggested   float64   `json:"suggested"`
	Note        string    `json:"note"`
	GradedBy    int64     `json:"graded_by"`
	At          time.Time `json:"at"`
	Version     int64     `json:"version"`
}

// RecordType returns "grade".
func (*Grade) RecordType() string { return "grade" }

// FromGrade records g.
func FromGrade(g *okr.Grade) *Grade {
	return &Grade{V: Version, KeyResultID: g.KeyResultID, Score: g.Score, Suggested: g.Suggested, Note: g.Note,
		GradedBy: g.GradedBy, At: g.At, Version: g.Version}
}

// Domain returns the recorded grade.
func (r *Grade) Domain() okr.Grade {
	return okr.Grade{KeyResultID: r.KeyResultID, Score: r.Score, Suggested: r.Suggested, Note: r.Note,
		GradedBy: r.GradedBy, At: r.At, Version: r.Version}
}
