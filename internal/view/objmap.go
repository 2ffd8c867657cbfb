package view

import (
	"cmp"
	"context"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
)

// ObjMap is the alignment map of a period: its objectives as a forest
// along the parent links ("aligned under"), from the company's objectives
// down, and the objectives aligned under nothing in the period ("not
// aligned"). Contributes-to links are not edges of the forest: a page
// shows them as references to the other node rather than a second copy of
// its subtree.
//
// The map is built from the period's index (MapEntries: owner, parent and
// state of every active objective, kept up to date by the change log) in
// one pass, without statements, so that filtering and choosing what to
// render cost nothing per objective in SQL; a page then reads the board of
// the nodes it renders (titles, key results, statuses, roll-ups from the
// index: LoadIndexedBoard).
type ObjMap struct {
	Roots   []*MapNode // company objectives aligned under nothing in the period
	Loose   []*MapNode // other objectives aligned under nothing in the period
	ByID    map[int64]*MapNode
	Total   int // objectives in the period
	Shown   int // nodes that match or lead to a match
	Matches int
}

// MapEntry is an active objective of a period as the index knows it.
type MapEntry struct {
	ID     int64
	Parent int64 // 0 when none
	Owner  okr.Owner
	State  okr.State
}

// MapNode is one objective in the map. Without a filter every node
// matches; with one, a node that does not match is shown only as the path
// to a match below it (Context).
type MapNode struct {
	MapEntry
	Level    okr.Level
	Parent   *MapNode
	Children []*MapNode // aligned under it and shown, by owner rank, then id
	Depth    int        // 0 for roots and loose nodes
	Match    bool
	Shown    bool
}

// Context reports whether the node is shown only because a match lies
// below it.
func (n *MapNode) Context() bool { return n.Shown && !n.Match }

// MapEntries returns the index's objectives. Call it inside WithIndex.
func (x *PeriodIndex) MapEntries() []MapEntry {
	out := make([]MapEntry, 0, len(x.objs))
	for id, o := range x.objs {
		e := MapEntry{ID: id, Parent: o.parent, State: o.state}
		if u := o.unit; u != 0 {
			e.Owner.UnitID = &u
		} else if p := o.person; p != 0 {
			e.Owner.PersonID = &p
		}
		out = append(out, e)
	}
	return out
}

// MapEntries reads the period's objectives from its index (MapEntries of
// PeriodIndex): one statement when nothing changed since the index's last
// use.
func (m *Model) MapEntries(ctx context.Context, orgID, periodID int64) ([]MapEntry, error) {
	var out []MapEntry
	err := m.WithIndex(ctx, orgID, periodID, func(x *PeriodIndex) { out = x.MapEntries() })
	return out, err
}

// FullMap returns the unfiltered alignment map of the period (BuildObjMap
// with no filter and no root) built with dir. The map is kept with the period's index and built again only
// when an objective entered or left the period or changed its parent,
// owner or state, or the directory changed: a check-in moves no node. The
// map is shared by concurrent requests: read-only.
//
// A directory is read anew (a new *Directory) whenever the organisation's
// state stamp moves, so the map is checked against the directory's
// identity.
func (m *Model) FullMap(ctx context.Context, orgID, periodID int64, dir *Directory) (*ObjMap, error) {
	var out *ObjMap
	err := m.WithIndex(ctx, orgID, periodID, func(x *PeriodIndex) {
		if x.fullMap == nil || x.fullShape != x.shape || x.fullDir != dir {
			x.fullMap, x.fullShape, x.fullDir = BuildObjMap(x.MapEntries(), dir, nil, 0), x.shape, dir
		}
		out = x.fullMap
	})
	return out, err
}

// BuildObjMap builds the map of entries. match selects the objectives a
// filter keeps (nil keeps all), and root, unless 0, keeps only that
// objective and those aligned under it; the ancestors of a kept objective
// stay as its path. Siblings are ordered as boards order objectives (owner rank in
// dir, then id). A parent cycle, which the store forbids, is broken: its
// objectives are listed as loose.
func BuildObjMap(entries []MapEntry, dir *Directory, match func(*MapEntry) bool, root int64) *ObjMap {
	m := &ObjMap{ByID: make(map[int64]*MapNode, len(entries)), Total: len(entries)}
	type ranked struct {
		n    *MapNode
		rank int
		name string
	}
	all := make([]ranked, len(entries))
	for i := range entries {
		e := entries[i]
		n := &MapNode{MapEntry: e, Level: okr.LevelOf(e.Owner, dir.Units)}
		n.Match = match == nil || match(&n.MapEntry)
		r, name := dir.Rank(e.Owner)
		all[i] = ranked{n, r, name}
		m.ByID[e.ID] = n
	}
	slices.SortFunc(all, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.name, b.name), cmp.Compare(a.n.ID, b.n.ID))
	})
	kids := make(map[*MapNode][]*MapNode, len(all))
	var tops []*MapNode
	for _, r := range all {
		n := r.n
		p := m.ByID[n.MapEntry.Parent]
		if p == nil || p == n {
			tops = append(tops, n)
			continue
		}
		kids[p] = append(kids[p], n)
	}
	seen := make(map[*MapNode]bool, len(all))
	// walk sets depth, parents and whether a node lies under root
	// top-down, and Shown bottom-up; it returns whether n is shown.
	var walk func(n *MapNode, depth int, under bool) bool
	walk = func(n *MapNode, depth int, under bool) bool {
		seen[n] = true
		n.Depth = depth
		under = under || root == 0 || n.ID == root
		n.Match = n.Match && under
		n.Shown = n.Match
		for _, c := range kids[n] {
			if seen[c] {
				continue
			}
			c.Parent = n
			if walk(c, depth+1, under) {
				n.Children = append(n.Children, c)
				n.Shown = true
			}
		}
		return n.Shown
	}
	for _, n := range tops {
		if !walk(n, 0, false) {
			continue
		}
		if n.Level == okr.LevelCompany {
			m.Roots = append(m.Roots, n)
		} else {
			m.Loose = append(m.Loose, n)
		}
	}
	for _, r := range all {
		if n := r.n; !seen[n] && walk(n, 0, false) { // on a parent cycle
			m.Loose = append(m.Loose, n)
		}
	}
	for _, r := range all {
		if r.n.Shown {
			m.Shown++
		}
		if r.n.Match {
			m.Matches++
		}
	}
	return m
}
