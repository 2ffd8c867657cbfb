package web

import (
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
)

// objDetails are the check-ins, target changes and initiatives of an
// objective's active key results, by key result: what the objective page
// reads besides its board. Shared by requests once cached: read-only.
type objDetails struct {
	checkIns    map[int64][]okr.CheckIn      // oldest first
	changes     map[int64][]okr.TargetChange // oldest first
	initiatives map[int64][]okr.Initiative   // as the store lists them
}

// krPanels sets data.Panels, the key results' panels of o. They come from
// the page cache while the objective's revision, the directory, the period,
// the language and the minute are those they were written with; else they
// are written from the key results' details, which come from the cache
// while the revision holds, and from three statements otherwise.
func (s *Server) krPanels(ctx context.Context, p *Page, b *board, dir *directory, o *ObjView, data *objectiveData) error {
	c := s.objCaches().page
	key := objCacheKey{org: o.O.OrgID, obj: o.O.ID, kind: kindPanels, lang: p.Lang}
	st := shownStamp(&o.O, &b.period, dir, p.Now)
	if v, ok := c.get(key, st); ok {
		data.Panels = v.(string)
		return nil
	}
	det, err := s.objDetailsOf(ctx, o)
	if err != nil {
		return err
	}
	data.KRs = p.krDetails(b, dir, o, det)
	data.Panels = renderString(KRPanels(p, data.KRs, o))
	c.put(key, st, data.Panels, int64(len(data.Panels)))
	return nil
}

// objDetailsOf returns the details of o's key results, from the page cache
// while o's revision holds, else read in one statement each.
func (s *Server) objDetailsOf(ctx context.Context, o *ObjView) (*objDetails, error) {
	c := s.objCaches().page
	key := objCacheKey{org: o.O.OrgID, obj: o.O.ID, kind: kindKRDetails}
	st := revStamp(&o.O)
	if v, ok := c.get(key, st); ok {
		return v.(*objDetails), nil
	}
	det, size, err := s.readObjDetails(ctx, o)
	if err != nil {
		return nil, err
	}
	c.put(key, st, det, size)
	return det, nil
}

// readObjDetails reads the details of o's key results and returns them
// with their approximate size in bytes.
func (s *Server) readObjDetails(ctx context.Context, o *ObjView) (*objDetails, int64, error) {
	ids := make([]int64, len(o.KRs))
	for i, k := range o.KRs {
		ids[i] = k.KR.ID
	}
	checkIns, err := s.DB.ListCheckIns(ctx, o.O.OrgID, ids, nil)
	if err != nil {
		return nil, 0, err
	}
	changes, err := s.DB.ListTargetChanges(ctx, o.O.OrgID, ids)
	if err != nil {
		return nil, 0, err
	}
	inits, err := s.DB.ListInitiatives(ctx, o.O.OrgID, ids)
	if err != nil {
		return nil, 0, err
	}
	det := &objDetails{checkIns: map[int64][]okr.CheckIn{}, changes: map[int64][]okr.TargetChange{}, initiatives: map[int64][]okr.Initiative{}}
	var size int64
	for _, c := range checkIns {
		det.checkIns[c.KeyResultID] = append(det.checkIns[c.KeyResultID], c)
		size += 160 + int64(len(c.Comment)+8*len(c.MilestonesDone))
	}
	for _, c := range changes {
		det.changes[c.KeyResultID] = append(det.changes[c.KeyResultID], c)
		size += 120 + int64(len(c.Reason))
	}
	for _, in := range inits {
		det.initiatives[in.KeyResultID] = append(det.initiatives[in.KeyResultID], in)
		size += 120 + int64(len(in.Title))
	}
	for _, cis := range det.checkIns {
		slices.SortStableFunc(cis, func(a, b okr.CheckIn) int { return a.At.Compare(b.At) })
	}
	for _, tcs := range det.changes {
		slices.SortStableFunc(tcs, func(a, b okr.TargetChange) int { return a.At.Compare(b.At) })
	}
	return det, size + int64(64*len(ids)), nil
}
