package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// moveIn names the objective to move a key result to.
type moveIn struct {
	ObjectiveID int64 `json:"objective_id" minimum:"1" doc:"The objective to move the key result to (at its end)"`
}

// loadKeyResult returns the key result, its objective and what its
// figures need.
func (a *API) loadKeyResult(ctx context.Context, orgID, id int64) (okr.KeyResult, okr.Objective, *numbers, error) {
	kr, err := a.db.GetKeyResult(ctx, orgID, id)
	if err != nil {
		return kr, okr.Objective{}, nil, err
	}
	o, n, err := a.krNumbers(ctx, orgID, &kr)
	return kr, o, n, err
}

// krNumbers loads the objective of kr and what its figures and its
// archived milestones need.
func (a *API) krNumbers(ctx context.Context, orgID int64, kr *okr.KeyResult) (okr.Objective, *numbers, error) {
	o, err := a.db.GetObjective(ctx, orgID, kr.ObjectiveID)
	if err != nil {
		return o, nil, err
	}
	n, err := a.newNumbers(ctx, orgID)
	if err != nil {
		return o, nil, err
	}
	if err := n.addPeriods(ctx, a, orgID, []okr.Objective{o}); err != nil {
		return o, nil, err
	}
	return o, n, n.addKRDetails(ctx, a, orgID, []int64{kr.ID})
}

// keyResultResult returns the response of one key result with its figures.
func (a *API) keyResultResult(ctx context.Context, kr okr.KeyResult) (*object[keyResultOut], error) {
	o, n, err := a.krNumbers(ctx, kr.OrgID, &kr)
	if err != nil {
		return nil, err
	}
	return keyResultObject(n.keyResult(&kr, &o)), nil
}

// keyResultObject returns the response of one key result. Its ETag is
// "v{version}-{digest}": the version, which If-Match compares, and a digest
// of the representation, so that the tag changes when a check-in, a grade
// or the passing of time changes the figures, not only when the key result
// itself is saved.
func keyResultObject(out keyResultOut) *object[keyResultOut] {
	return &object[keyResultOut]{ETag: representationETag(out.Version, out), Body: out}
}

func (a *API) registerKeyResults() {
	tags := []string{"Key results"}
	op(a, huma.Operation{OperationID: "list-key-results", Method: http.MethodGet, Path: "/key-results", Tags: tags,
		Summary: "List key results", Description: "Key results of some objectives or of a period, by objective and position, with their figures."},
		krFields, a.listKeyResults)
	op(a, huma.Operation{OperationID: "get-key-result", Method: http.MethodGet, Path: "/key-results/{id}", Tags: tags,
		Summary: "Get a key result", Description: "The key result with its progress, expected progress, status and grade."},
		krFields, a.getKeyResult)
	op(a, huma.Operation{OperationID: "create-key-result", Method: http.MethodPost, Path: "/key-results", Tags: tags,
		Summary: "Add a key result", Description: "Whoever may change the objective may add key results to it.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		krFields, a.createKeyResult)
	op(a, huma.Operation{OperationID: "update-key-result", Method: http.MethodPatch, Path: "/key-results/{id}", Tags: tags,
		Summary: "Change a key result", Description: "Fields left out keep their value. A new start or target is recorded in the target change history with the reason. The KR's owner and whoever may change its objective may change it.",
		Errors: updateErrors},
		krFields, a.updateKeyResult)
	op(a, huma.Operation{OperationID: "move-key-result", Method: http.MethodPost, Path: "/key-results/{id}/move", Tags: tags,
		Summary: "Move a key result to another objective", Description: "Needs rights on the key result and on the target objective.",
		Errors: updateErrors},
		krFields, a.moveKeyResult)
	registerArchive(a, "key-results", "key result", tags, krFields, a.keyResultVersion, a.db.ArchiveKeyResult, a.db.RestoreKeyResult, a.keyResultResult)
}

// listKeyResultsIn is the input of list-key-results.
type listKeyResultsIn struct {
	ObjectiveID     []int64 `query:"objective_id,explode" maxItems:"100" doc:"The key results of these objectives"`
	PeriodID        int64   `query:"period_id" doc:"The key results of this period's objectives; the current period when neither this nor objective_id is given"`
	OwnerPersonID   int64   `query:"owner_person_id" doc:"Only key results this person owns"`
	OwnerUnitID     int64   `query:"owner_unit_id" doc:"Only key results this unit owns"`
	IncludeArchived bool    `query:"include_archived"`
	Limit           int     `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int     `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listKeyResults answers GET /key-results.
func (a *API) listKeyResults(ctx context.Context, in *listKeyResultsIn) (*body[list[keyResultOut]], error) {
	c := callerOf(ctx)
	objs, err := a.listObjectivesOf(ctx, c.org(), in.ObjectiveID, in.PeriodID, in.IncludeArchived)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*okr.Objective, len(objs))
	ids := make([]int64, len(objs))
	for i := range objs {
		byID[objs[i].ID], ids[i] = &objs[i], objs[i].ID
	}
	krs, err := a.db.ListKeyResults(ctx, c.org(), ids, in.IncludeArchived)
	if err != nil {
		return nil, err
	}
	var match []okr.KeyResult
	for _, kr := range krs {
		if (in.OwnerPersonID == 0 || isID(kr.Owner.PersonID, in.OwnerPersonID)) && (in.OwnerUnitID == 0 || isID(kr.Owner.UnitID, in.OwnerUnitID)) {
			match = append(match, kr)
		}
	}
	shown := window(match, page{Limit: in.Limit, Offset: in.Offset})
	n, err := a.newNumbers(ctx, c.org())
	if err != nil {
		return nil, err
	}
	if err := n.addKRs(ctx, a, c.org(), shown); err != nil {
		return nil, err
	}
	if err := n.addPeriods(ctx, a, c.org(), objs); err != nil {
		return nil, err
	}
	out := make([]keyResultOut, len(shown))
	for i := range shown {
		out[i] = n.keyResult(&shown[i], byID[shown[i].ObjectiveID])
	}
	return listOf(out, len(match), page{Limit: in.Limit, Offset: in.Offset}), nil
}

// getKeyResult answers GET /key-results/{id}.
func (a *API) getKeyResult(ctx context.Context, in *idPath) (*object[keyResultOut], error) {
	kr, o, n, err := a.loadKeyResult(ctx, callerOf(ctx).org(), in.ID)
	if err != nil {
		return nil, err
	}
	return keyResultObject(n.keyResult(&kr, &o)), nil
}

// createKeyResultIn is the input of create-key-result.
type createKeyResultIn struct{ Body keyResultCreate }

// createKeyResult answers POST /key-results.
func (a *API) createKeyResult(ctx context.Context, in *createKeyResultIn) (*created[keyResultOut], error) {
	kr, err := a.db.CreateKeyResult(ctx, callerOf(ctx).actor, in.Body.domain())
	if err != nil {
		return nil, err
	}
	res, err := a.keyResultResult(ctx, kr)
	if err != nil {
		return nil, err
	}
	return &created[keyResultOut]{ETag: res.ETag, Location: location("key-results", kr.ID), Body: res.Body}, nil
}

// updateKeyResultIn is the input of update-key-result.
type updateKeyResultIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    keyResultPatch
}

// updateKeyResult answers PATCH /key-results/{id}.
func (a *API) updateKeyResult(ctx context.Context, in *updateKeyResultIn) (*object[keyResultOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	kr, err := a.db.GetKeyResult(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("key_result", kr.Version); err != nil {
		return nil, err
	}
	if in.Body.Milestones, err = a.withoutArchivedMilestones(ctx, c.org(), kr.ID, in.Body.Milestones); err != nil {
		return nil, err
	}
	before := kr
	in.Body.apply(&kr)
	if same, err := a.unchanged(ctx, "key_result", kr.ID, before, kr); err != nil {
		return nil, err
	} else if same {
		return a.keyResultResult(ctx, before)
	}
	if kr, err = a.db.UpdateKeyResult(ctx, c.actor, kr, in.Body.Reason); err != nil {
		return nil, err
	}
	return a.keyResultResult(ctx, kr)
}

// moveKeyResultIn is the input of move-key-result.
type moveKeyResultIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    moveIn
}

// moveKeyResult answers POST /key-results/{id}/move.
func (a *API) moveKeyResult(ctx context.Context, in *moveKeyResultIn) (*object[keyResultOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	version, err := match.versionOf("key_result", func() (int64, error) { return a.keyResultVersion(ctx, c.org(), in.ID) })
	if err != nil {
		return nil, err
	}
	kr, err := a.db.MoveKeyResult(ctx, c.actor, in.ID, in.Body.ObjectiveID, version)
	if err != nil {
		return nil, err
	}
	return a.keyResultResult(ctx, kr)
}

// listObjectivesOf returns the objectives a KR list is about: those named
// (ids of other organisations are skipped, never reported), else those of
// the period, else those of the current period.
func (a *API) listObjectivesOf(ctx context.Context, orgID int64, ids []int64, periodID int64, archived bool) ([]okr.Objective, error) {
	if len(ids) > 0 {
		var out []okr.Objective
		for _, id := range ids {
			o, err := a.db.GetObjective(ctx, orgID, id)
			if okr.ErrorCode(err) == okr.ENOTFOUND {
				continue
			} else if err != nil {
				return nil, err
			}
			out = append(out, o)
		}
		return out, nil
	}
	if periodID == 0 {
		p, err := a.db.CurrentPeriod(ctx, orgID, a.now())
		if okr.ErrorCode(err) == okr.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		periodID = p.ID
	}
	objs, _, err := a.db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: periodID, IncludeArchived: archived})
	return objs, err
}

// periodKeyResultIDs returns the ids of the key results of the period's
// objectives (the current period's when periodID is 0; none when there is
// no period); archived includes archived objectives and key results.
func (a *API) periodKeyResultIDs(ctx context.Context, orgID, periodID int64, archived bool) ([]int64, error) {
	objs, err := a.listObjectivesOf(ctx, orgID, nil, periodID, archived)
	if err != nil {
		return nil, err
	}
	krs, err := a.db.ListKeyResults(ctx, orgID, mapSlice(objs, objectiveID), archived)
	if err != nil {
		return nil, err
	}
	return mapSlice(krs, keyResultID), nil
}

// withoutArchivedMilestones drops from a new checklist the milestones that
// were removed from the key result before: a key result lists them
// (archived: true), and sending that list back must leave them archived,
// not add them again as new milestones.
func (a *API) withoutArchivedMilestones(ctx context.Context, orgID, krID int64, ms []milestoneIn) ([]milestoneIn, error) {
	if !slices.ContainsFunc(ms, func(m milestoneIn) bool { return m.ID != 0 }) {
		return ms, nil
	}
	archived, err := a.db.ListArchivedMilestones(ctx, orgID, []int64{krID})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ms, func(m milestoneIn) bool {
		return m.ID != 0 && slices.ContainsFunc(archived[krID], func(old okr.Milestone) bool { return old.ID == m.ID })
	}), nil
}

// objectiveID returns the id of o.
func objectiveID(o okr.Objective) int64 { return o.ID }

// keyResultID returns the id of kr.
func keyResultID(kr okr.KeyResult) int64 { return kr.ID }

// isID reports whether an optional id is id.
func isID(p *int64, id int64) bool { return p != nil && *p == id }
