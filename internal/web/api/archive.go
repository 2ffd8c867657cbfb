package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/store"
)

// apiRegisterArchive adds POST /{collection}/{id}/archive and …/restore for
// one resource: the store's archive and restore methods, the object
// returned with its new ETag. Nothing is destroyed.
func apiRegisterArchive[T, O any](a *API, collection, what string, tags []string, names apiFieldNames,
	current func(ctx context.Context, orgID, id int64) (int64, error),
	archive, restore func(context.Context, store.Actor, int64, int64) (T, error),
	result func(context.Context, T) (*O, error)) {
	for _, step := range []struct {
		verb, summary, desc string
		fn                  func(context.Context, store.Actor, int64, int64) (T, error)
	}{
		{"archive", "Archive a " + what, "Hides the " + what + " from lists; nothing is destroyed and it can be restored.", archive},
		{"restore", "Restore a " + what, "Brings an archived " + what + " back.", restore},
	} {
		h := apiArchiveStep[T, O]{what: what, current: current, change: step.fn, result: result}
		apiOp(a, huma.Operation{OperationID: step.verb + "-" + apiCollectionID(collection), Method: http.MethodPost,
			Path: "/" + collection + "/{id}/" + step.verb, Tags: tags, Summary: step.summary, Description: step.desc,
			Errors: []int{http.StatusForbidden, http.StatusPreconditionFailed, http.StatusPreconditionRequired}},
			names, h.handle)
	}
}

// apiArchiveStep is the handler of archive or restore of one kind of
// object (what, e.g. "key result"): current reads an object's version,
// change archives or restores it at the expected version, result answers
// with the changed object.
type apiArchiveStep[T, O any] struct {
	what    string
	current func(ctx context.Context, orgID, id int64) (int64, error)
	change  func(context.Context, store.Actor, int64, int64) (T, error)
	result  func(context.Context, T) (*O, error)
}

// handle archives or restores object in.ID if its version matches
// If-Match (428 without it, 412 when it does not match).
func (h apiArchiveStep[T, O]) handle(ctx context.Context, in *apiVersioned) (*O, error) {
	match, err := apiParseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := apiCallerOf(ctx)
	version, err := match.versionOf(h.what, func() (int64, error) { return h.current(ctx, c.org(), in.ID) })
	if err != nil {
		return nil, err
	}
	v, err := h.change(ctx, c.actor, in.ID, version)
	if err != nil {
		return nil, err
	}
	return h.result(ctx, v)
}

// apiStoredResult adapts a result function of the form (object, err), as
// apiUnitResult, to the form apiRegisterArchive takes.
func apiStoredResult[T, O any](result func(T, error) (*O, error)) func(context.Context, T) (*O, error) {
	return func(_ context.Context, v T) (*O, error) { return result(v, nil) }
}

// apiCollectionID names a collection in operation ids: "key-results" stays,
// "people" becomes "person".
func apiCollectionID(collection string) string {
	switch collection {
	case "people":
		return "person"
	case "kpis":
		return "kpi"
	}
	return collection[:len(collection)-1]
}
