package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/okr"
)

// FanOutEvents turns up to limit events of the organisation (of every
// organisation when orgID is 0) not fanned out yet into their payload
// (event.Payload, with links under baseURL), in-app notifications, e-mail
// jobs (NotificationMailJob) for those who chose e-mail, and deliveries to
// the hooks that listen with a DeliveryJob each. Events fan out in
// transactions of up to fanBatch events, each claiming the oldest events
// waiting first (claimQuery): with several nodes each event fans out
// once, and its jobs are queued exactly when it does. It returns the ids
// of the new deliveries.
func (db *DB) FanOutEvents(ctx context.Context, baseURL string, orgID int64, limit int) ([]int64, error) {
	r, err := db.FanOut(ctx, baseURL, orgID, limit)
	return r.Deliveries, err
}

// FanOutResult is what FanOut did.
type FanOutResult struct {
	Events     int     // events fanned out
	Deliveries []int64 // new deliveries
}

// FanOut is FanOutEvents, also counting the events it fanned out: fewer
// than limit means that no event was left waiting but those other
// transactions hold.
func (db *DB) FanOut(ctx context.Context, baseURL string, orgID int64, limit int) (FanOutResult, error) {
	var r FanOutResult
	base := strings.TrimSuffix(baseURL, "/")
	for limit > 0 {
		var claimed []int64
		var deliveries []int64
		err := db.transact(ctx, "fan out events", func(c conn) error {
			var err error
			deliveries = nil
			if claimed, err = claim(ctx, c, db.clock().UnixMicro(), orgID, min(limit, fanBatch)); err != nil {
				return err
			}
			memo := &fanMemo{orgNames: map[int64]string{}, hooks: map[int64][]okr.Hook{},
				objectives: map[int64]okr.Objective{}, names: map[string]nameSet{},
				followers: map[string][]int64{}, wanted: map[string][]recipient{}}
			for _, id := range claimed {
				f := fan{c: c, ctx: ctx, now: db.clock(), base: base, memo: memo}
				d, err := f.event(id)
				if err != nil {
					return fmt.Errorf("event %d: %w", id, err)
				}
				deliveries = append(deliveries, d...)
			}
			return nil
		})
		if err != nil {
			return r, err
		}
		r.Events += len(claimed)
		r.Deliveries = append(r.Deliveries, deliveries...)
		if len(claimed) < min(limit, fanBatch) {
			break
		}
		limit -= len(claimed)
	}
	return r, nil
}

// fanBatch is the most events one transaction fans out. A transaction per
// event cost a BEGIN, a claim, the organisation, its hooks and a COMMIT
// each: five of the fourteen statements of an event, and the PostgreSQL
// mix fans out five events a check-in.
const fanBatch = 16

// fanMemo holds what the events of one transaction share: a check-in of
// five key results is five events about the same objectives, by the same
// person, and read the same rows.
type fanMemo struct {
	orgNames   map[int64]string
	hooks      map[int64][]okr.Hook
	objectives map[int64]okr.Objective
	// names, followers and wanted are by what decides them (the
	// organisation, owners, actor, people); read-only once stored.
	names     map[string]nameSet
	followers map[string][]int64
	wanted    map[string][]recipient
}

// claimQuery marks up to n of the oldest events waiting to fan out, of one
// organisation or (0) of all, as fanned out and returns their ids. It
// finds them through the partial index events_unfanned
// (TestPostgresPlansOfTheFanOutAndTheCheckInList). On PostgreSQL an event
// another transaction is fanning out is skipped rather than waited for:
// when that commits the event is done, when it rolls back the event waits
// for a later run. Concurrent fan-outs once listed the same waiting events
// and each tried to claim every one of them, one transaction per try
// (seven tries per event in the mix at company scale; waiting on the row
// locks instead had cost 1.8 ms a claim and a backlog of tens of thousands
// of events).
func (db *DB) claimQuery() string {
	lock := ""
	if db.dialect == DialectPostgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	return `UPDATE events SET fanned_at = ? WHERE id IN (
		SELECT id FROM events WHERE fanned_at IS NULL AND (org_id = ? OR ? = 0) ORDER BY id LIMIT ?` + lock + `) RETURNING id`
}

// claim claims up to n of the oldest events waiting (claimQuery) and
// returns their ids, oldest first.
func claim(ctx context.Context, c conn, now, orgID int64, n int) ([]int64, error) {
	ids, err := queryIDs(ctx, c, c.db.claimQuery(), now, orgID, orgID, n)
	if err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	slices.Sort(ids)
	return ids, nil
}

// fan fans out one event in its transaction.
type fan struct {
	c    conn
	ctx  context.Context
	now  interface{ UnixMicro() int64 }
	base string
	memo *fanMemo // shared by the transaction's events

	org   int64
	typ   string
	facts eventFacts
	// unitOwners and personOwners own the objective or the key result.
	unitOwners, personOwners []int64
	ownerUnit                *int64 // the unit the objective's channels hear it in
}

// event fans out event id, which the transaction has claimed.
func (f *fan) event(id int64) ([]int64, error) {
	p, actorID, err := f.payload(id)
	if err != nil {
		return nil, err
	}
	body, err := event.Encode(p)
	if err != nil {
		return nil, err
	}
	if _, err := f.c.exec(f.ctx, `UPDATE events SET payload = ? WHERE id = ?`, string(body), id); err != nil {
		return nil, fmt.Errorf("store payload: %w", err)
	}
	if err := f.notify(id, actorID, p); err != nil {
		return nil, err
	}
	if f.facts.NewMentions {
		return nil, nil // an edit: only the people newly mentioned hear of it
	}
	return f.deliver(id)
}

// payload reads event id and what it refers to, and builds its payload.
func (f *fan) payload(id int64) (*event.Payload, int64, error) {
	var at int64
	var actor, kr, subject sql.NullInt64
	var objID int64
	var facts string
	err := f.c.queryRow(f.ctx, `SELECT org_id, type, at, actor_id, objective_id, kr_id, subject_id, facts FROM events WHERE id = ?`, id).
		Scan(&f.org, &f.typ, &at, &actor, &objID, &kr, &subject, &facts)
	if err != nil {
		return nil, 0, fmt.Errorf("load event: %w", err)
	}
	if err := json.Unmarshal([]byte(facts), &f.facts); err != nil {
		return nil, 0, fmt.Errorf("event facts: %w", err)
	}
	p := &event.Payload{Version: event.Version, ID: strconv.FormatInt(id, 10), Type: f.typ, OccurredAt: fromMicros(at)}
	p.Organisation.ID = f.org
	if name, ok := f.memo.orgNames[f.org]; ok {
		p.Organisation.Name = name
	} else {
		if err := f.c.queryRow(f.ctx, `SELECT name FROM orgs WHERE id = ?`, f.org).Scan(&p.Organisation.Name); err != nil {
			return nil, 0, fmt.Errorf("load organisation: %w", err)
		}
		f.memo.orgNames[f.org] = p.Organisation.Name
	}
	o, err := memoized(f.memo.objectives, objID, func() (okr.Objective, error) { return getObjectiveRow(f.ctx, f.c, f.org, objID) })
	if err != nil {
		return nil, 0, err
	}
	p.Objective = event.Objective{ID: o.ID, Title: o.Title, State: string(o.State), URL: f.base + "/objectives/" + strconv.FormatInt(o.ID, 10)}
	f.addOwner(o.Owner)
	if o.Owner.UnitID != nil {
		f.ownerUnit = o.Owner.UnitID
	}
	if kr.Valid {
		var k event.KeyResult
		var owner okr.Owner
		err := f.c.queryRow(f.ctx, `SELECT id, title, owner_unit_id, owner_person_id FROM key_results WHERE id = ? AND org_id = ?`, kr.Int64, f.org).
			Scan(&k.ID, &k.Title, &owner.UnitID, &owner.PersonID)
		if isNoRows(err) {
			return nil, 0, notFound("key_result", kr.Int64)
		} else if err != nil {
			return nil, 0, fmt.Errorf("load key result: %w", err)
		}
		k.URL = p.Objective.URL + "#kr-" + strconv.FormatInt(k.ID, 10)
		p.KeyResult = &k
		f.addOwner(owner)
	}
	names, err := f.names(o.Owner, actor.Int64)
	if err != nil {
		return nil, 0, err
	}
	p.Objective.Owner = ownerOf(o.Owner, names)
	if actor.Valid {
		p.Actor = &event.Person{ID: actor.Int64, Name: names.people[actor.Int64]}
	}
	f.details(p, subject.Int64, names)
	if p.Objective.Owner != nil && p.Objective.Owner.Kind == "person" && f.ownerUnit == nil {
		f.ownerUnit = names.personUnit[p.Objective.Owner.ID]
	}
	return p, actor.Int64, nil
}

// details fills the part of p that depends on the event's type.
func (f *fan) details(p *event.Payload, subject int64, names nameSet) {
	switch f.typ {
	case okr.EventCheckIn:
		p.CheckIn = &event.CheckIn{ID: subject, Value: f.facts.Value, Confidence: f.facts.Confidence, Comment: f.facts.Comment}
	case okr.EventComment:
		c := &event.Comment{ID: subject, Body: f.facts.Body, Mentions: []event.Person{},
			URL: p.Objective.URL + "#comment-" + strconv.FormatInt(subject, 10)}
		for _, id := range f.facts.Mentions {
			c.Mentions = append(c.Mentions, event.Person{ID: id, Name: names.people[id]})
		}
		p.Comment = c
	case okr.EventStatusChanged, okr.EventPublished:
		p.Change = &event.Change{From: f.facts.From, To: f.facts.To}
	}
}

func (f *fan) addOwner(o okr.Owner) {
	if o.UnitID != nil && !slices.Contains(f.unitOwners, *o.UnitID) {
		f.unitOwners = append(f.unitOwners, *o.UnitID)
	}
	if o.PersonID != nil && !slices.Contains(f.personOwners, *o.PersonID) {
		f.personOwners = append(f.personOwners, *o.PersonID)
	}
}

// nameSet holds the names of the people and the unit a payload names.
type nameSet struct {
	people     map[int64]string
	personUnit map[int64]*int64
	unit       string
}

// names returns the names a payload needs: of the actor, the people
// mentioned and the objective's owner, from the transaction's memo when an
// earlier event needed the same.
func (f *fan) names(owner okr.Owner, actor int64) (nameSet, error) {
	key := fmt.Sprint(f.org, idOf(owner.UnitID), idOf(owner.PersonID), actor, f.facts.Mentions)
	return memoized(f.memo.names, key, func() (nameSet, error) { return f.readNames(owner, actor) })
}

// memoized returns m[key], reading it with read and keeping it in m when
// m has none: what one fan-out transaction reads once for its events.
func memoized[K comparable, V any](m map[K]V, key K, read func() (V, error)) (V, error) {
	if v, ok := m[key]; ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		m[key] = v
	}
	return v, err
}

func idOf(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

func (f *fan) readNames(owner okr.Owner, actor int64) (nameSet, error) {
	ns := nameSet{people: map[int64]string{}, personUnit: map[int64]*int64{}}
	ids := append([]int64{actor}, f.facts.Mentions...)
	if owner.PersonID != nil {
		ids = append(ids, *owner.PersonID)
	}
	cond, arg := f.c.db.inIDs("id", ids)
	rows, err := f.c.query(f.ctx, `SELECT id, name, unit_id FROM people WHERE `+f.c.db.noIndex("org_id")+` = ? AND `+cond, f.org, arg)
	if err != nil {
		return ns, fmt.Errorf("load names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		var unit sql.NullInt64
		if err := rows.Scan(&id, &name, &unit); err != nil {
			return ns, err
		}
		ns.people[id], ns.personUnit[id] = name, idPtr(unit)
	}
	if err := rows.Err(); err != nil {
		return ns, err
	}
	if owner.UnitID != nil {
		if err := f.c.queryRow(f.ctx, `SELECT name FROM units WHERE id = ? AND org_id = ?`, *owner.UnitID, f.org).Scan(&ns.unit); err != nil {
			return ns, fmt.Errorf("load unit name: %w", err)
		}
	}
	return ns, nil
}

func ownerOf(o okr.Owner, ns nameSet) *event.Owner {
	switch {
	case o.UnitID != nil:
		return &event.Owner{Kind: "unit", ID: *o.UnitID, Name: ns.unit}
	case o.PersonID != nil:
		return &event.Owner{Kind: "person", ID: *o.PersonID, Name: ns.people[*o.PersonID]}
	}
	return nil
}
