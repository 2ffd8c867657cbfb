package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// checkInOut is one progress report on a key result.
type checkInOut struct {
	ID             int64     `json:"id"`
	KeyResultID    int64     `json:"key_result_id"`
	Value          float64   `json:"value" doc:"The value; for milestones key results the number done, for yes/no 0 or 1"`
	MilestonesDone []int64   `json:"milestones_done" doc:"For milestones key results: the ids of the done milestones"`
	Confidence     string    `json:"confidence" enum:"on_track,at_risk,off_track"`
	Comment        string    `json:"comment"`
	AuthorID       *int64    `json:"author_id" doc:"Who made the check-in (null for the system)"`
	At             time.Time `json:"at"`
	Late           bool      `json:"late" doc:"Made by an admin into a closed period"`
	OnBehalfOf     *ownerOut `json:"on_behalf_of" doc:"The key result's owner the author checked in for, when the author is not that owner (a lead or admin registering it); null for a check-in by the owner"`
}

// checkInIn is one check-in of a weekly check-in.
type checkInIn struct {
	KeyResultID    int64      `json:"key_result_id" minimum:"1"`
	Value          *float64   `json:"value,omitempty" doc:"The new value (0 or 1 for yes/no); leave out for milestones key results"`
	MilestonesDone []int64    `json:"milestones_done,omitempty" doc:"For milestones key results: the ids of all done milestones"`
	Confidence     string     `json:"confidence" enum:"on_track,at_risk,off_track"`
	Comment        string     `json:"comment,omitempty" maxLength:"5000"`
	At             *time.Time `json:"at,omitempty" doc:"When the value was measured; now when left out"`
	Confirm        bool       `json:"confirm,omitempty" doc:"Save the value even if it looks like a mistake (see the operation's description); without it such a value is refused with 422"`
}

// targetChangeOut records a change of a key result's start or target.
type targetChangeOut struct {
	ID          int64     `json:"id"`
	KeyResultID int64     `json:"key_result_id"`
	OldStart    float64   `json:"old_start"`
	OldTarget   float64   `json:"old_target"`
	NewStart    float64   `json:"new_start"`
	NewTarget   float64   `json:"new_target"`
	AuthorID    *int64    `json:"author_id"`
	At          time.Time `json:"at"`
	Reason      string    `json:"reason"`
}

// checkInsIn is a weekly check-in: one check-in per key result.
type checkInsIn struct {
	CheckIns []checkInIn `json:"check_ins" minItems:"1" maxItems:"100" doc:"One check-in per key result"`
}

// checkInsOut is the answer to a weekly check-in.
type checkInsOut struct {
	CheckIns []checkInOut `json:"check_ins"`
}

var checkInFields = fieldNames{"checkins": "check_ins", "key_result": "key_result_id"}

func wireCheckIn(c okr.CheckIn) checkInOut {
	done := c.MilestonesDone
	if done == nil {
		done = []int64{}
	}
	return checkInOut{ID: c.ID, KeyResultID: c.KeyResultID, Value: c.Value, MilestonesDone: done, Confidence: string(c.Confidence),
		Comment: c.Comment, AuthorID: idOrNil(c.AuthorID), At: c.At, Late: c.Late, OnBehalfOf: wireOwnerPtr(c.OnBehalfOf)}
}

// wireOwnerPtr is wireOwner of o, nil for nil.
func wireOwnerPtr(o *okr.Owner) *ownerOut {
	if o == nil {
		return nil
	}
	w := wireOwner(*o)
	return &w
}

func wireTargetChange(tc okr.TargetChange) targetChangeOut {
	return targetChangeOut{ID: tc.ID, KeyResultID: tc.KeyResultID, OldStart: tc.OldStart, OldTarget: tc.OldTarget,
		NewStart: tc.NewStart, NewTarget: tc.NewTarget, AuthorID: idOrNil(tc.AuthorID), At: tc.At, Reason: tc.Reason}
}

// idOrNil returns nil for the id 0 (the system) and &id otherwise.
func idOrNil(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// domainCheckIns converts the check-ins of a request; a check-in needs a
// value unless it lists done milestones.
func domainCheckIns(in []checkInIn) ([]okr.CheckIn, error) {
	out := make([]okr.CheckIn, len(in))
	var errs okr.ValidationErrors
	for i, c := range in {
		out[i] = okr.CheckIn{KeyResultID: c.KeyResultID, MilestonesDone: c.MilestonesDone, Confidence: okr.Confidence(c.Confidence), Comment: c.Comment}
		if c.Value != nil {
			out[i].Value = *c.Value
		} else if c.MilestonesDone == nil {
			field := fmt.Sprintf("check_ins[%d].value", i)
			errs = append(errs, okr.FieldError(field, okr.KeyRequired, field+" is required (or milestones_done for a milestones key result)", nil))
		}
		if c.At != nil {
			out[i].At = *c.At
		}
	}
	return out, errs.Err()
}

func (a *API) registerCheckIns() {
	tags := []string{"Check-ins"}
	op(a, huma.Operation{OperationID: "create-check-ins", Method: http.MethodPost, Path: "/check-ins", Tags: tags,
		Summary: "Check in key results", Description: "The weekly check-in: several key results in one transaction, all or none. " +
			"The KR's owner and whoever may change its objective may check it in; into a closed period only admins (marked late). " +
			"A value that looks like a mistake on a key result with a start and a target is refused, nothing saved, with 422 and, for " +
			"each such value, an error on check_ins[i].value with the code doubt_jump_to_done (from less than half way to the target " +
			"in one step), doubt_off_trend (a step far larger than the key result's steps so far, or a large step back, such as a " +
			"month's figure against a quarter's target) or doubt_out_of_range (past the target or behind the start by more than " +
			"the whole distance); send the check-in again with confirm: true when the value is right.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		checkInFields, a.createCheckIns)
	op(a, huma.Operation{OperationID: "list-check-ins", Method: http.MethodGet, Path: "/check-ins", Tags: tags,
		Summary: "List check-ins", Description: "Check-ins by key result and time, those of archived key results included. " +
			"The filters combine: key results, objectives or a period (the current period when none of the three is given), " +
			"an author, and a time window [since, until). Paged with limit and offset; total counts every match."},
		checkInFields, a.listCheckIns)
	op(a, huma.Operation{OperationID: "list-target-changes", Method: http.MethodGet, Path: "/target-changes", Tags: []string{"Key results"},
		Summary: "List target changes", Description: "The history of start and target changes of key results, with who, when and why."},
		krFields, a.listTargetChanges)
}

// createCheckInsIn is the input of create-check-ins.
type createCheckInsIn struct{ Body checkInsIn }

// createCheckIns answers POST /check-ins.
func (a *API) createCheckIns(ctx context.Context, in *createCheckInsIn) (*body[checkInsOut], error) {
	checkIns, err := domainCheckIns(in.Body.CheckIns)
	if err != nil {
		return nil, err
	}
	if err := a.doubts(ctx, in.Body.CheckIns); err != nil {
		return nil, err
	}
	stored, err := a.db.CreateCheckIns(ctx, callerOf(ctx).actor, checkIns)
	if err != nil {
		return nil, err
	}
	return &body[checkInsOut]{Body: checkInsOut{CheckIns: mapSlice(stored, wireCheckIn)}}, nil
}

// listCheckInsIn is the input of list-check-ins.
type listCheckInsIn struct {
	KeyResultID []int64   `query:"key_result_id,explode" maxItems:"500" doc:"The check-ins of these key results"`
	ObjectiveID []int64   `query:"objective_id,explode" maxItems:"500" doc:"The check-ins of these objectives' key results"`
	PeriodID    int64     `query:"period_id" doc:"The check-ins of this period's key results; the current period when neither this, key_result_id nor objective_id is given"`
	AuthorID    int64     `query:"author_id" doc:"Only check-ins this person made"`
	Since       time.Time `query:"since" doc:"Only check-ins at or after this time"`
	Until       time.Time `query:"until" doc:"Only check-ins before this time"`
	Limit       int       `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset      int       `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listCheckIns answers GET /check-ins.
func (a *API) listCheckIns(ctx context.Context, in *listCheckInsIn) (*body[list[checkInOut]], error) {
	f, err := a.checkInFilter(ctx, in.KeyResultID, in.ObjectiveID, in.PeriodID)
	if err != nil || f == nil {
		return listOf[checkInOut](nil, 0, page{Limit: in.Limit, Offset: in.Offset}), err
	}
	f.AuthorID, f.Since, f.Until, f.Limit, f.Offset = in.AuthorID, timePtr(in.Since), timePtr(in.Until), in.Limit, in.Offset
	if f.Since != nil && f.Until != nil && !f.Until.After(*f.Since) {
		return nil, okr.FieldError("until", "err.invalid", "until must be after since", nil)
	}
	list, total, err := a.db.ListCheckInsPage(ctx, callerOf(ctx).org(), *f)
	if err != nil {
		return nil, err
	}
	return listOf(mapSlice(list, wireCheckIn), total, page{Limit: in.Limit, Offset: in.Offset}), nil
}

// listTargetChangesIn is the input of list-target-changes.
type listTargetChangesIn struct {
	KeyResultID []int64 `query:"key_result_id,explode" required:"true" minItems:"1" maxItems:"500" doc:"The key results"`
	Limit       int     `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset      int     `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listTargetChanges answers GET /target-changes.
func (a *API) listTargetChanges(ctx context.Context, in *listTargetChangesIn) (*body[list[targetChangeOut]], error) {
	list, err := a.db.ListTargetChanges(ctx, callerOf(ctx).org(), in.KeyResultID)
	if err != nil {
		return nil, err
	}
	return paged(list, wireTargetChange, in.Limit, in.Offset), nil
}

// checkInFilter returns the scope of a check-in list: the key results,
// objectives and period named, else the current period; nil when the
// organisation has no period yet.
func (a *API) checkInFilter(ctx context.Context, krIDs, objectiveIDs []int64, periodID int64) (*store.CheckInFilter, error) {
	f := &store.CheckInFilter{KeyResultIDs: krIDs, ObjectiveIDs: objectiveIDs, PeriodID: periodID}
	if len(krIDs) > 0 || len(objectiveIDs) > 0 || periodID != 0 {
		return f, nil
	}
	p, err := a.db.CurrentPeriod(ctx, callerOf(ctx).org(), a.now())
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	f.PeriodID = p.ID
	return f, nil
}

// timePtr returns nil for the zero time.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// doubts refuses the values okr.DoubtValue doubts, unless confirmed: one
// field error per doubted value, with the doubt as its code. It reads the
// key results' metrics and values in one statement, two when a value takes
// a large step (store.DB.DoubtHistories); key results the caller
// may not see or check in are left to CreateCheckIns to refuse.
func (a *API) doubts(ctx context.Context, in []checkInIn) error {
	checks := map[int64][]float64{}
	for _, c := range in {
		if !c.Confirm && c.Value != nil {
			checks[c.KeyResultID] = append(checks[c.KeyResultID], *c.Value)
		}
	}
	if len(checks) == 0 {
		return nil
	}
	hist, err := a.db.DoubtHistories(ctx, callerOf(ctx).org(), checks)
	if err != nil {
		return err
	}
	var errs okr.ValidationErrors
	for i, c := range in {
		h := hist[c.KeyResultID]
		if c.Confirm || c.Value == nil || h == nil {
			continue
		}
		if d := okr.DoubtValue(h.Metric, h.Values, *c.Value); d != okr.DoubtNone {
			field := fmt.Sprintf("check_ins[%d].value", i)
			errs = append(errs, okr.FieldError(field, "err.doubt_"+string(d),
				fmt.Sprintf("%s: %v looks like a mistake for a key result from %v to %v (%s); send it again with confirm: true if it is right",
					field, *c.Value, h.Metric.Start, h.Metric.Target, strings.ReplaceAll(string(d), "_", " ")), nil))
		}
	}
	return errs.Err()
}
