package view

import (
	"cmp"
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
)

// KeyResultsOf returns the key results that are not archived of the
// objectives in lists, ordered by objective id, then position, as
// store.ListKeyResults does.
//
// Each objective's key results are cached under the content revision they
// were read at (okr.Objective.Rev, which the store bumps in the same
// transaction as any change under the objective), encoded (krcodec.go). A
// list page reads its objectives anyway; the key results of those whose
// revision did not move come from the cache, and one statement reads the
// rest. Every call returns values of its own.
func (m *Model) KeyResultsOf(ctx context.Context, orgID int64, lists ...[]okr.Objective) ([]okr.KeyResult, error) {
	found, err := m.keyResultGroups(ctx, orgID, lists...)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, krs := range found {
		n += len(krs)
	}
	out := make([]okr.KeyResult, 0, n)
	for _, krs := range found {
		out = append(out, krs...)
	}
	return out, nil
}

// keyResultGroups is KeyResultsOf without the copy into one slice: the
// key results of each objective, in the same order.
func (m *Model) keyResultGroups(ctx context.Context, orgID int64, lists ...[]okr.Objective) ([][]okr.KeyResult, error) {
	var objs []*okr.Objective
	for _, l := range lists {
		for i := range l {
			objs = append(objs, &l[i])
		}
	}
	slices.SortFunc(objs, func(a, b *okr.Objective) int { return cmp.Compare(a.ID, b.ID) })
	objs = slices.CompactFunc(objs, func(a, b *okr.Objective) bool { return a.ID == b.ID })

	found := make([][]okr.KeyResult, len(objs))
	var missing []int64
	for i, o := range objs {
		if code, ok := m.krs.Get(objKey{orgID, o.ID}, o.Rev); ok {
			krs, err := decodeKeyResults(code)
			if err != nil {
				return nil, err
			}
			found[i] = krs
		} else {
			missing = append(missing, o.ID)
		}
	}
	if len(missing) > 0 {
		read, err := m.db.ListKeyResults(ctx, orgID, missing, false)
		if err != nil {
			return nil, err
		}
		byObj := map[int64][]okr.KeyResult{}
		for _, kr := range read {
			byObj[kr.ObjectiveID] = append(byObj[kr.ObjectiveID], kr)
		}
		for i, o := range objs {
			if found[i] != nil {
				continue
			}
			// Read after the objective, so at least as new as o.Rev: a
			// newer read only makes the next request read again.
			krs := byObj[o.ID]
			if krs == nil {
				krs = []okr.KeyResult{}
			}
			found[i] = krs
			code := encodeKeyResults(krs)
			m.krs.Put(objKey{orgID, o.ID}, o.Rev, code, int64(len(code)))
		}
	}
	return found, nil
}
