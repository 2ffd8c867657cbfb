package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/store"
)

// registerArchive adds POST /{collection}/{id}/archive and …/restore for
// one resource: the store's archive and restore methods, the object
// returned with its new ETag. Nothing is destroyed.
func registerArchive[T, O any](a *API, collection, what string, tags []string, names fieldNames,
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
		h := archiveStep[T, O]{what: what, current: current, change: step.fn, result: result}
		op(a, huma.Operation{OperationID: step.verb + "-" + collectionID(collection), Method: http.MethodPost,
			Path: "/" + collection + "/{id}/" + step.verb, Tags: tags, Summary: step.summary, Description: step.desc,
			Errors: []int{http.StatusForbidden, http.StatusPreconditionFailed, http.StatusPreconditionRequired}},
			names, h.handle)
	}
}

// archiveStep is the handler of archive or restore of one kind of
// object (what, e.g. "key result"): current reads an object's version,
// change archives or restores it at the expected version, result answers
// with the changed object.
type archiveStep[T, O any] struct {
	what    string
	current func(ctx context.Context, orgID, id int64) (int64, error)
	change  func(context.Context, store.Actor, int64, int64) (T, error)
	result  func(context.Context, T) (*O, error)
}

// handle archives or restores object in.ID if its version matches
// If-Match (428 without it, 412 when it does not match).
func (h archiveStep[T, O]) handle(ctx context.Context, in *versioned) (*O, error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
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

// storedResult adapts a result function of the form (object, err), as
// unitResult, to the form registerArchive takes.
func storedResult[T, O any](result func(T, error) (*O, error)) func(context.Context, T) (*O, error) {
	return func(_ context.Context, v T) (*O, error) { return result(v, nil) }
}

// collectionID names a collection in operation ids: "key-results" stays,
// "people" becomes "person".
func collectionID(collection string) string {
	switch collection {
	case "people":
		return "person"
	case "kpis":
		return "kpi"
	}
	return collection[:len(collection)-1]
}
