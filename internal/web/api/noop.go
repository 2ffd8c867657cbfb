package api

import (
	"context"
	"reflect"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// unchanged reports whether a partial update leaves the object as it was
// (before and after are equal, deeply). Such an update writes nothing, so
// the version and the ETag stay and no audit entry is made; it is still
// refused to a caller who may not change the object. objectType is as
// store.CanEdit takes it.
func (a *API) unchanged(ctx context.Context, objectType string, id int64, before, after any) (bool, error) {
	if !reflect.DeepEqual(before, after) {
		return false, nil
	}
	ok, err := a.db.CanEdit(ctx, callerOf(ctx).actor, objectType, id)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, okr.Errorf(okr.EFORBIDDEN, "you may not change this %s", strings.ReplaceAll(objectType, "_", " "))
	}
	return true, nil
}
