package store

import (
	"cmp"
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
	batch, pass := fanBatch, db.fanOutPass
	if db.dialect == DialectSQLite {
		batch, pass = fanBatchSQLite, db.fanOutSQLite
	}
	for limit > 0 {
		n := min(limit, batch)
		claimed, deliveries, err := pass(ctx, base, orgID, n)
		if err != nil {
			return r, err
		}
		r.Events += claimed
		r.Deliveries = append(r.Deliveries, deliveries...)
		if claimed < n {
			break
		}
		limit -= claimed
	}
	return r, nil
}

// fanOutPass is one pass of FanOut on PostgreSQL: fanOutBatch in a
// transaction of its own.
func (db *DB) fanOutPass(ctx context.Context, base string, orgID int64, n int) (claimed int, deliveries []int64, err error) {
	err = db.writeAsOkr(ctx, "fan out events", func(ctx context.Context, c conn) error {
		var err error
		claimed, deliveries, err = db.fanOutBatch(ctx, c, base, orgID, n)
		return err
	})
	return claimed, deliveries, err
}

// fanOutBatch claims up to n events waiting (of organisation orgID, or of
// every organisation for 0) in transaction c and fans them out: what they
// refer to is read once for the batch, their payloads and notifications
// are written together. It returns how many it claimed and the new
// deliveries.
func (db *DB) fanOutBatch(ctx context.Context, c conn, base string, orgID int64, n int) (int, []int64, error) {
	rows, err := claim(ctx, c, db.clock().UnixMicro(), orgID, n)
	if err != nil || len(rows) == 0 {
		return 0, nil, err
	}
	w, err := db.fanEvents(ctx, c, base, rows)
	if err != nil {
		return 0, nil, err
	}
	deliveries, err := w.flush(ctx, c)
	return len(rows), deliveries, err
}

// fanOutSQLite is fanOutBatch for SQLite's one writer, which every write
// of the database queues for: it reads the waiting events and everything
// their fan-out reads (objectives, key results, follows, names, the
// recipients' choices, hooks) and builds their payloads on a reader,
// outside the writer, and then only claims them and writes what that
// built in the writer's transaction. Reading in the writer had made the
// fan-out a fifth of the writer's time under a flood of check-ins.
//
// The fan-outs of the process take turns (fanMu), from the read to the
// claim: two that read at once built the same batch for one of them to
// throw away, and each claimed part of what it read and stopped early
// (FanOut stops at a short batch), leaving the events after both waiting
// for the next write or the sweep. An event that a fan-out of another
// process claimed in between is still left to it: its writes are dropped
// (fanWrites.keep), so each event fans out once. What the payload says of
// an objective, and whom it reaches, may be a few milliseconds older than
// the claim: as it was around the event either way.
func (db *DB) fanOutSQLite(ctx context.Context, base string, orgID int64, n int) (int, []int64, error) {
	db.fanMu.Lock()
	defer db.fanMu.Unlock()
	r := db.reader()
	rows, err := waitingEvents(ctx, r, orgID, n)
	if err != nil || len(rows) == 0 {
		return 0, nil, wrap("fan out events", err)
	}
	w, err := db.fanEvents(ctx, r, base, rows)
	if err != nil {
		return 0, nil, wrap("fan out events", err)
	}
	var claimed int
	var deliveries []int64
	err = db.writeAsOkr(ctx, "fan out events", func(ctx context.Context, c conn) error {
		ids, err := claimIDs(ctx, c, db.clock().UnixMicro(), w.ids)
		if err != nil {
			return err
		}
		claimed = len(ids)
		w.keep(ids)
		deliveries, err = w.flush(ctx, c)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return claimed, deliveries, nil
}

// fanEvents builds the fan-out of the events rows, reading through c: what
// they refer to is read once for the batch. It writes nothing: the
// payloads, notifications, deliveries and e-mail jobs are in what it
// returns, for fanWrites.flush.
func (db *DB) fanEvents(ctx context.Context, c conn, base string, rows []eventRow) (*fanWrites, error) {
	memo := newFanMemo()
	if err := memo.readObjectives(ctx, c, rows); err != nil {
		return nil, err
	}
	if err := memo.readKeyResults(ctx, c, rows); err != nil {
		return nil, err
	}
	var err error
	fans := make([]*fan, len(rows))
	for i, row := range rows {
		fans[i] = &fan{c: c, ctx: ctx, now: db.clock(), base: base, memo: memo}
		if fans[i].p, err = fans[i].payload(row); err != nil {
			return nil, fmt.Errorf("event %d: %w", row.id, err)
		}
	}
	if err := memo.readFollows(ctx, c, fans); err != nil {
		return nil, err
	}
	w := &fanWrites{}
	for i, f := range fans {
		if err := f.event(rows[i], w); err != nil {
			return nil, fmt.Errorf("event %d: %w", rows[i].id, err)
		}
	}
	return w, nil
}

// fanBatch is the most events one transaction fans out on PostgreSQL; a
// batch costs as many statements as one event
// (TestFanOutStatementsDoNotGrowWithTheBatch). 64 measured no better than
// 16 when the SQLite writer read and built the batch too.
const fanBatch = 16

// fanBatchSQLite is fanBatch on SQLite, where only the claim and the writes
// take the writer (fanOutSQLite): each batch waits its turn behind the
// writes queued before it, and with 16 events a turn the fan-out fell
// behind a flood of check-ins (58,000 of 73,000 events waiting after 15 s
// of the load test's five-key-result check-ins).
const fanBatchSQLite = 256

// fanMemo holds what the events of one transaction share: a check-in of
// five key results is five events about the same objectives, by the same
// person, and read the same rows.
type fanMemo struct {
	orgNames   map[int64]string
	objectives map[int64]okr.Objective // by id, read in one statement
	keyResults map[int64]fanKeyResult  // by id, read in one statement
	// follows holds who follows each target ("objective:7", "unit:3",
	// "person:9") the batch's events name, read in one statement.
	follows map[string][]int64
	hooks   map[int64][]okr.Hook
	// names and wanted are by what decides them (the organisation,
	// owners, actor, people); read-only once stored.
	names  map[string]nameSet
	wanted map[string][]recipient
}

func newFanMemo() *fanMemo {
	return &fanMemo{orgNames: map[int64]string{}, hooks: map[int64][]okr.Hook{},
		keyResults: map[int64]fanKeyResult{}, follows: map[string][]int64{},
		objectives: map[int64]okr.Objective{}, names: map[string]nameSet{},
		wanted: map[string][]recipient{}}
}

// fanKeyResult is what a payload says of a key result.
type fanKeyResult struct {
	org   int64
	kr    event.KeyResult
	owner okr.Owner
}

// readObjectives reads the objectives the events are about, in one
// statement.
func (m *fanMemo) readObjectives(ctx context.Context, c conn, rows []eventRow) error {
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.objective)
	}
	in, arg := c.db.inIDs("id", ids)
	q, err := c.query(ctx, `SELECT `+objectiveColumns+` FROM objectives WHERE `+in, arg)
	if err != nil {
		return fmt.Errorf("load objectives: %w", err)
	}
	defer q.Close()
	for q.Next() {
		o, err := scanObjective(q)
		if err != nil {
			return fmt.Errorf("load objectives: %w", err)
		}
		m.objectives[o.ID] = o
	}
	return q.Err()
}

// readKeyResults reads the key results the events are about, in one
// statement.
func (m *fanMemo) readKeyResults(ctx context.Context, c conn, rows []eventRow) error {
	var ids []int64
	for _, r := range rows {
		if r.kr.Valid {
			ids = append(ids, r.kr.Int64)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	in, arg := c.db.inIDs("id", ids)
	q, err := c.query(ctx, `SELECT id, org_id, title, owner_unit_id, owner_person_id FROM key_results WHERE `+in, arg)
	if err != nil {
		return fmt.Errorf("load key results: %w", err)
	}
	defer q.Close()
	for q.Next() {
		var k fanKeyResult
		if err := q.Scan(&k.kr.ID, &k.org, &k.kr.Title, &k.owner.UnitID, &k.owner.PersonID); err != nil {
			return fmt.Errorf("load key results: %w", err)
		}
		m.keyResults[k.kr.ID] = k
	}
	return q.Err()
}

// followKey names a target of follows in fanMemo.follows.
func followKey(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// readFollows reads who follows the objectives, units and people the
// events' payloads name as objective or owners, per organisation in one
// statement: three lookups in the (org_id, kind, target_id) index (an OR
// of them walked every follow of the organisation).
func (m *fanMemo) readFollows(ctx context.Context, c conn, fans []*fan) error {
	type targets struct{ objectives, units, people []int64 }
	byOrg := map[int64]*targets{}
	var orgs []int64
	for _, f := range fans {
		if f.facts.NewMentions {
			continue // only the people newly mentioned hear of an edit
		}
		t := byOrg[f.org]
		if t == nil {
			t = &targets{}
			byOrg[f.org] = t
			orgs = append(orgs, f.org)
		}
		t.objectives = append(t.objectives, f.p.Objective.ID)
		t.units = append(t.units, f.unitOwners...)
		t.people = append(t.people, f.personOwners...)
	}
	for _, org := range orgs {
		t := byOrg[org]
		for kind, ids := range map[string][]int64{"objective": t.objectives, "unit": t.units, "person": t.people} {
			for _, id := range ids {
				m.follows[followKey(kind, id)] = nil
			}
		}
		objs, objArg := c.db.inIDs("target_id", t.objectives)
		units, unitArg := c.db.inIDs("target_id", t.units)
		people, personArg := c.db.inIDs("target_id", t.people)
		q, err := c.query(ctx, `SELECT kind, target_id, person_id FROM follows WHERE org_id = ? AND kind = 'objective' AND `+objs+` AND unfollowed_at IS NULL
			UNION ALL SELECT kind, target_id, person_id FROM follows WHERE org_id = ? AND kind = 'unit' AND `+units+` AND unfollowed_at IS NULL
			UNION ALL SELECT kind, target_id, person_id FROM follows WHERE org_id = ? AND kind = 'person' AND `+people+` AND unfollowed_at IS NULL`,
			org, objArg, org, unitArg, org, personArg)
		if err != nil {
			return fmt.Errorf("load follows: %w", err)
		}
		for q.Next() {
			var kind string
			var target, person int64
			if err := q.Scan(&kind, &target, &person); err != nil {
				q.Close()
				return fmt.Errorf("load follows: %w", err)
			}
			k := followKey(kind, target)
			m.follows[k] = append(m.follows[k], person)
		}
		if err := q.Err(); err != nil {
			q.Close()
			return fmt.Errorf("load follows: %w", err)
		}
		q.Close()
	}
	return nil
}

// fanWrites collects everything a batch's events write, written together
// at the end (flush): each event's payload, the in-app notifications, the
// e-mail jobs and the deliveries to hooks with their jobs.
type fanWrites struct {
	ids           []int64 // the events, in the order of payloads
	payloads      []string
	notifications []fanNotification
	mails         []NotificationMailJob
	deliveries    []fanDelivery
}

// fanNotification is an in-app notification of a person about an event.
type fanNotification struct {
	org, person, event int64
	kind               string
	at                 int64
}

// fanDelivery is a delivery of an event to a hook, with its idempotency
// key "event:<id>:hook:<id>".
type fanDelivery struct {
	org, hook, event int64
	key              string
	at               int64
}

const notificationColumns = 6

// keep drops the writes of every event not in ids: those another fan-out
// claimed.
func (w *fanWrites) keep(ids []int64) {
	in := make(map[int64]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	var kept []int64
	var payloads []string
	for i, id := range w.ids {
		if in[id] {
			kept, payloads = append(kept, id), append(payloads, w.payloads[i])
		}
	}
	w.ids, w.payloads = kept, payloads
	w.notifications = slices.DeleteFunc(w.notifications, func(n fanNotification) bool { return !in[n.event] })
	w.mails = slices.DeleteFunc(w.mails, func(m NotificationMailJob) bool { return !in[m.EventID] })
	w.deliveries = slices.DeleteFunc(w.deliveries, func(d fanDelivery) bool { return !in[d.event] })
}

// flush writes the batch's payloads in one statement, its notifications in
// as few as the parameter limit allows (those through the pipe, pipe.go),
// and its e-mail jobs and deliveries with their jobs. It returns the new
// deliveries.
func (w *fanWrites) flush(ctx context.Context, c conn) ([]int64, error) {
	if len(w.ids) > 0 {
		in, arg := c.db.inIDs("id", w.ids)
		args := make([]any, 0, 2*len(w.ids)+1)
		for i, id := range w.ids {
			args = append(args, id, w.payloads[i])
		}
		q := `UPDATE events SET payload = CASE id` + strings.Repeat(` WHEN ? THEN ?`, len(w.ids)) + ` END WHERE ` + in
		if err := c.later(ctx, "store payloads", q, append(args, arg)...); err != nil {
			return nil, err
		}
	}
	rows := w.notifications
	per := max(1, maxBatchParams/notificationColumns)
	for len(rows) > 0 {
		n := min(per, len(rows))
		args := make([]any, 0, notificationColumns*n)
		for _, r := range rows[:n] {
			args = append(args, r.org, r.person, r.kind, r.event, "event:"+strconv.FormatInt(r.event, 10), r.at)
		}
		if err := c.later(ctx, "insert notifications", `INSERT INTO notifications (org_id, person_id, kind, event_id, dedup_key, created_at)
			VALUES `+valueRows(notificationColumns, n)+` ON CONFLICT (person_id, dedup_key) DO NOTHING`, args...); err != nil {
			return nil, err
		}
		rows = rows[n:]
	}
	for _, job := range w.mails {
		if err := c.enqueue(ctx, job, JobOpts{OrgID: job.OrgID, Unique: true}); err != nil {
			return nil, err
		}
	}
	var out []int64
	for _, d := range w.deliveries {
		id, err := c.insert(ctx, `INSERT INTO deliveries (org_id, hook_id, event_id, idem_key, state, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, d.org, d.hook, d.event, d.key, DeliveryPending, d.at)
		if err != nil {
			return nil, fmt.Errorf("insert delivery: %w", err)
		}
		if err := c.enqueue(ctx, DeliveryJob{Key: d.key, DeliveryID: id}, JobOpts{OrgID: d.org, Unique: true}); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
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
		SELECT id FROM events WHERE fanned_at IS NULL AND (org_id = ? OR ? = 0) ORDER BY id LIMIT ?` + lock + `)
		RETURNING id, org_id, type, at, actor_id, objective_id, kr_id, subject_id, facts`
}

// EventsWaiting counts the organisation's events that wait to fan out.
func (db *DB) EventsWaiting(ctx context.Context, orgID int64) (int, error) {
	var n int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM events WHERE fanned_at IS NULL AND org_id = ?`, orgID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count waiting events: %w", err)
	}
	return n, nil
}

// waitingEvents returns up to n of the oldest events waiting to fan out,
// of one organisation or (0) of all, oldest first, without claiming them
// (fanOutSQLite claims them in the writer with claimIDs).
func waitingEvents(ctx context.Context, c conn, orgID int64, n int) ([]eventRow, error) {
	q, err := c.query(ctx, `SELECT id, org_id, type, at, actor_id, objective_id, kr_id, subject_id, facts
		FROM events WHERE fanned_at IS NULL AND (org_id = ? OR ? = 0) ORDER BY id LIMIT ?`, orgID, orgID, n)
	return scanEventRows("read waiting events", q, err)
}

// claimIDs marks those of the events ids that still wait as fanned out,
// and returns them, sorted.
func claimIDs(ctx context.Context, c conn, now int64, ids []int64) ([]int64, error) {
	in, arg := c.db.inIDs("id", ids)
	out, err := queryIDs(ctx, c, `UPDATE events SET fanned_at = ? WHERE `+in+` AND fanned_at IS NULL RETURNING id`, now, arg)
	if err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	slices.Sort(out)
	return out, nil
}

// eventRow is an event as its claim returns it.
type eventRow struct {
	id, org, at, objective int64
	typ, facts             string
	actor, kr, subject     sql.NullInt64
}

// claim claims up to n of the oldest events waiting (claimQuery) and
// returns them, oldest first.
func claim(ctx context.Context, c conn, now, orgID int64, n int) ([]eventRow, error) {
	q, err := c.query(ctx, c.db.claimQuery(), now, orgID, orgID, n)
	return scanEventRows("claim events", q, err)
}

// scanEventRows returns the events of q, the result of a query that failed
// with err when it is not nil, sorted by id; its errors begin with what.
func scanEventRows(what string, q *sql.Rows, err error) ([]eventRow, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer q.Close()
	var out []eventRow
	for q.Next() {
		var r eventRow
		if err := q.Scan(&r.id, &r.org, &r.typ, &r.at, &r.actor, &r.objective, &r.kr, &r.subject, &r.facts); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, r)
	}
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	slices.SortFunc(out, func(a, b eventRow) int { return cmp.Compare(a.id, b.id) })
	return out, nil
}

// fan fans out one event in its transaction.
type fan struct {
	c    conn
	ctx  context.Context
	now  interface{ UnixMicro() int64 }
	base string
	memo *fanMemo // shared by the transaction's events

	p     *event.Payload
	actor int64
	org   int64
	typ   string
	facts eventFacts
	// unitOwners and personOwners own the objective or the key result.
	unitOwners, personOwners []int64
	ownerUnit                *int64 // the unit the objective's channels hear it in
}

// event fans out the event whose payload f holds: its payload,
// notifications, e-mail jobs and deliveries go into w.
func (f *fan) event(row eventRow, w *fanWrites) error {
	body, err := event.Encode(f.p)
	if err != nil {
		return err
	}
	w.ids = append(w.ids, row.id)
	w.payloads = append(w.payloads, string(body))
	if err := f.notify(row.id, f.actor, f.p, w); err != nil {
		return err
	}
	if f.facts.NewMentions {
		return nil // an edit: only the people newly mentioned hear of it
	}
	return f.deliver(row.id, w)
}

// payload builds the payload of the claimed event from what it refers to.
func (f *fan) payload(row eventRow) (*event.Payload, error) {
	f.org, f.typ, f.actor = row.org, row.typ, row.actor.Int64
	objID, kr, subject, actor := row.objective, row.kr, row.subject, row.actor
	if err := json.Unmarshal([]byte(row.facts), &f.facts); err != nil {
		return nil, fmt.Errorf("event facts: %w", err)
	}
	p := &event.Payload{Version: event.Version, ID: strconv.FormatInt(row.id, 10), Type: f.typ, OccurredAt: fromMicros(row.at)}
	p.Organisation.ID = f.org
	if name, ok := f.memo.orgNames[f.org]; ok {
		p.Organisation.Name = name
	} else {
		if err := f.c.queryRow(f.ctx, `SELECT name FROM orgs WHERE id = ?`, f.org).Scan(&p.Organisation.Name); err != nil {
			return nil, fmt.Errorf("load organisation: %w", err)
		}
		f.memo.orgNames[f.org] = p.Organisation.Name
	}
	o, ok := f.memo.objectives[objID]
	if !ok || o.OrgID != f.org {
		return nil, notFound("objective", objID)
	}
	p.Objective = event.Objective{ID: o.ID, Title: o.Title, State: string(o.State), URL: f.base + "/objectives/" + strconv.FormatInt(o.ID, 10)}
	f.addOwner(o.Owner)
	if o.Owner.UnitID != nil {
		f.ownerUnit = o.Owner.UnitID
	}
	if kr.Valid {
		k, ok := f.memo.keyResults[kr.Int64]
		if !ok || k.org != f.org {
			return nil, notFound("key_result", kr.Int64)
		}
		kr := k.kr
		kr.URL = p.Objective.URL + "#kr-" + strconv.FormatInt(kr.ID, 10)
		p.KeyResult = &kr
		f.addOwner(k.owner)
	}
	names, err := f.names(o.Owner, actor.Int64)
	if err != nil {
		return nil, err
	}
	p.Objective.Owner = ownerOf(o.Owner, names)
	if actor.Valid {
		p.Actor = &event.Person{ID: actor.Int64, Name: names.people[actor.Int64]}
	}
	f.details(p, subject.Int64, names)
	if p.Objective.Owner != nil && p.Objective.Owner.Kind == "person" && f.ownerUnit == nil {
		f.ownerUnit = names.personUnit[p.Objective.Owner.ID]
	}
	return p, nil
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
