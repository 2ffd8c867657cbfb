package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// contributesIn replaces an objective's contributes-to links.
type contributesIn struct {
	Contributes []int64 `json:"contributes" doc:"The objectives this one contributes to; replaces the list"`
}

// cloneIn names the period to copy an objective into.
type cloneIn struct {
	PeriodID int64 `json:"period_id" minimum:"1" doc:"The period to copy the objective into"`
}

// objectiveResult returns the response of one objective with its figures,
// after a write that returned o.
func (a *API) objectiveResult(ctx context.Context, o okr.Objective) (*object[objectiveOut], error) {
	return a.objectiveResponse(ctx, o, false)
}

// objectiveResponse returns the response of one objective with its
// figures; fresh says that o was read first in this request
// (loadNumbers).
func (a *API) objectiveResponse(ctx context.Context, o okr.Objective, fresh bool) (*object[objectiveOut], error) {
	n, err := a.loadNumbers(ctx, o.OrgID, []okr.Objective{o}, fresh)
	if err != nil {
		return nil, err
	}
	return &object[objectiveOut]{ETag: etag(o.Version), Body: n.objective(&o, true)}, nil
}

func (a *API) registerObjectives() {
	tags := []string{"Objectives"}
	op(a, huma.Operation{OperationID: "list-objectives", Method: http.MethodGet, Path: "/objectives", Tags: tags,
		Summary: "List objectives", Description: "Objectives matching the filters, oldest first, each with its figures " +
			"(progress, roll-up, status, score) and the number of its active key results (key_result_count). " +
			"The key results themselves come with include=key_results, each as in get-objective."},
		objectiveFields, a.listObjectives)
	op(a, huma.Operation{OperationID: "get-objective", Method: http.MethodGet, Path: "/objectives/{id}", Tags: tags,
		Summary: "Get an objective", Description: "The objective with its figures and active key results. " +
			"Answers are kept while nothing at or below the objective and nothing in the organisation's periods, units and people changes: " +
			"any such change shows in the next answer, and so do figures that move with the clock alone (expected_progress, a status turning behind or stale)."},
		objectiveFields, a.getObjective)
	op(a, huma.Operation{OperationID: "create-objective", Method: http.MethodPost, Path: "/objectives", Tags: tags,
		Summary: "Create an objective", Description: "Anyone may create their own objectives; leads for the units they lead (and below); admins any.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		objectiveFields, a.createObjective)
	op(a, huma.Operation{OperationID: "update-objective", Method: http.MethodPatch, Path: "/objectives/{id}", Tags: tags,
		Summary: "Change an objective", Description: "Fields left out keep their value. Also moves it to another period or owner (needs rights on both) and changes its state.",
		Errors: updateErrors},
		objectiveFields, a.updateObjective)
	op(a, huma.Operation{OperationID: "set-objective-contributes", Method: http.MethodPut, Path: "/objectives/{id}/contributes", Tags: tags,
		Summary: "Set what an objective contributes to", Description: "Replaces the contributes-to links: objectives it helps without being aligned below them. They are shown, never rolled up.",
		Errors: updateErrors},
		objectiveFields, a.setObjectiveContributes)
	op(a, huma.Operation{OperationID: "clone-objective", Method: http.MethodPost, Path: "/objectives/{id}/clone", Tags: tags,
		Summary: "Copy an objective into a period", Description: "Copies the objective as a draft with its active key results (undone, without check-ins or grades) and their initiatives.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		objectiveFields, a.cloneObjective)
	registerArchive(a, "objectives", "objective", tags, objectiveFields, a.objectiveVersion, a.db.ArchiveObjective, a.db.RestoreObjective, a.objectiveResult)
	a.registerExplain(tags)
}

// listObjectivesIn is the input of list-objectives.
type listObjectivesIn struct {
	PeriodID        int64    `query:"period_id" doc:"Only objectives of this period"`
	OwnerUnitID     []int64  `query:"owner_unit_id,explode" doc:"Only objectives owned by these units; with owner_person_id, owned by any of them"`
	OwnerPersonID   []int64  `query:"owner_person_id,explode" doc:"Only objectives owned by these people"`
	ParentID        int64    `query:"parent_id" doc:"Only the objectives aligned directly below this one"`
	State           string   `query:"state" enum:"draft,published,closed" doc:"Only objectives in this state"`
	Q               string   `query:"q" doc:"Search in title and description, ignoring case"`
	IncludeArchived bool     `query:"include_archived"`
	Include         []string `query:"include,explode" enum:"key_results" doc:"What to add to each objective: key_results, its active key results as in get-objective. Left out by default: a list shows the objectives' figures"`
	Limit           int      `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int      `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listObjectives answers GET /objectives.
func (a *API) listObjectives(ctx context.Context, in *listObjectivesIn) (*body[list[objectiveOut]], error) {
	c := callerOf(ctx)
	f := store.ObjectiveFilter{PeriodID: in.PeriodID, OwnerUnitIDs: in.OwnerUnitID, OwnerPersonIDs: in.OwnerPersonID,
		State: okr.State(in.State), Query: in.Q, IncludeArchived: in.IncludeArchived, Limit: in.Limit, Offset: in.Offset}
	if in.ParentID != 0 {
		f.ParentID = &in.ParentID
	}
	objs, total, err := a.db.ListObjectives(ctx, c.org(), f)
	if err != nil {
		return nil, err
	}
	n, err := a.loadNumbers(ctx, c.org(), objs, true)
	if err != nil {
		return nil, err
	}
	withKRs := slices.Contains(in.Include, "key_results")
	out := make([]objectiveOut, len(objs))
	for i := range objs {
		out[i] = n.objective(&objs[i], withKRs)
	}
	return listOf(out, total, page{Limit: in.Limit, Offset: in.Offset}), nil
}

// getObjective answers GET /objectives/{id}.
func (a *API) getObjective(ctx context.Context, in *idPath) (*object[objectiveOut], error) {
	o, err := a.db.GetObjective(ctx, callerOf(ctx).org(), in.ID)
	if err != nil {
		return nil, err
	}
	return a.objectiveResponse(ctx, o, false)
}

// createObjectiveIn is the input of create-objective.
type createObjectiveIn struct{ Body objectiveCreate }

// createObjective answers POST /objectives.
func (a *API) createObjective(ctx context.Context, in *createObjectiveIn) (*created[objectiveOut], error) {
	c := callerOf(ctx)
	o, err := a.db.CreateObjective(ctx, c.actor, in.Body.domain(c.person.ID))
	if err != nil {
		return nil, err
	}
	return a.created(ctx, "objectives", o)
}

// updateObjectiveIn is the input of update-objective.
type updateObjectiveIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    objectivePatch
}

// updateObjective answers PATCH /objectives/{id}.
func (a *API) updateObjective(ctx context.Context, in *updateObjectiveIn) (*object[objectiveOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	o, err := a.db.GetObjective(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("objective", o.Version); err != nil {
		return nil, err
	}
	before := o
	in.Body.apply(&o)
	if same, err := a.unchanged(ctx, "objective", o.ID, before, o); err != nil {
		return nil, err
	} else if same {
		return a.objectiveResult(ctx, before)
	}
	if o, err = a.db.UpdateObjective(ctx, c.actor, o); err != nil {
		return nil, err
	}
	return a.objectiveResult(ctx, o)
}

// setObjectiveContributesIn is the input of set-objective-contributes.
type setObjectiveContributesIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    contributesIn
}

// setObjectiveContributes answers PUT /objectives/{id}/contributes.
func (a *API) setObjectiveContributes(ctx context.Context, in *setObjectiveContributesIn) (*object[objectiveOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	version, err := match.versionOf("objective", func() (int64, error) { return a.objectiveVersion(ctx, c.org(), in.ID) })
	if err != nil {
		return nil, err
	}
	o, err := a.db.SetContributes(ctx, c.actor, in.ID, in.Body.Contributes, version)
	if err != nil {
		return nil, err
	}
	return a.objectiveResult(ctx, o)
}

// cloneObjectiveIn is the input of clone-objective.
type cloneObjectiveIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"The object's id"`
	Body cloneIn
}

// cloneObjective answers POST /objectives/{id}/clone.
func (a *API) cloneObjective(ctx context.Context, in *cloneObjectiveIn) (*created[objectiveOut], error) {
	o, err := a.db.CloneObjective(ctx, callerOf(ctx).actor, in.ID, in.Body.PeriodID)
	if err != nil {
		return nil, err
	}
	return a.created(ctx, "objectives", o)
}

// created returns the 201 response of a new objective.
func (a *API) created(ctx context.Context, collection string, o okr.Objective) (*created[objectiveOut], error) {
	res, err := a.objectiveResult(ctx, o)
	if err != nil {
		return nil, err
	}
	return &created[objectiveOut]{ETag: res.ETag, Location: location(collection, o.ID), Body: res.Body}, nil
}
