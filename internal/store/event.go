package store

import (
	"encoding/json"
	"fmt"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

// pendingEvent is an event a write transaction noted (okr.EventTypes);
// runWrite stores the transaction's events in one statement before commit
// (the outbox), and FanOutEvents turns each into notifications and
// deliveries afterwards.
type pendingEvent struct {
	typ         string
	objectiveID int64
	krID        int64
	subjectID   int64 // the check-in or comment
	facts       eventFacts
	comment     *okr.Comment
}

// eventFacts is what the writing transaction knew of an event, stored as
// events.facts.
type eventFacts struct {
	From       string  `json:"from,omitempty"`
	To         string  `json:"to,omitempty"`
	Value      float64 `json:"value,omitempty"`
	Confidence string  `json:"confidence,omitempty"`
	Comment    string  `json:"comment,omitempty"`
	Body       string  `json:"body,omitempty"`
	Mentions   []int64 `json:"mentions,omitempty"`
	// NewMentions limits the mention notifications of an edited comment
	// to the people it did not mention before.
	NewMentions bool `json:"new_mentions,omitempty"`
}

// noteEvent records an event of the transaction. Changes made by the
// system actor (imports, provisioning) or a quiet one (the demo's history)
// are not events: they would flood every channel with what nobody did in
// the application.
func (t *tx) noteEvent(e pendingEvent) {
	if t.actor.System || t.actor.Quiet {
		return
	}
	if e.comment != nil {
		e.subjectID = e.comment.ID
		e.facts.Body, e.facts.Mentions = e.comment.Body, e.comment.Mentions
	}
	t.events = append(t.events, e)
}

// noteAuditEvent notes the event an audited change is, if any: a change of
// an objective's state (okr.ObjectiveEvent).
func (t *tx) noteAuditEvent(objectType string, id int64, action string, before, after audit.Record) {
	if objectType != "objective" || (action != ActionCreate && action != ActionUpdate) {
		return
	}
	var from, to string
	if b, ok := before.(*audit.Objective); ok {
		from = b.State
	}
	a, ok := after.(*audit.Objective)
	if !ok {
		return
	}
	to = a.State
	typ := okr.ObjectiveEvent(okr.State(from), okr.State(to))
	if typ == "" {
		return
	}
	t.noteEvent(pendingEvent{typ: typ, objectiveID: id, facts: eventFacts{From: from, To: to}})
}

// noteCheckInEvents notes a check_in.created event for each check-in, krs[i]
// being the key result of cs[i].
func (t *tx) noteCheckInEvents(cs []okr.CheckIn, krs []*okr.KeyResult) {
	for i := range cs {
		c := &cs[i]
		t.noteEvent(pendingEvent{typ: okr.EventCheckIn, objectiveID: krs[i].ObjectiveID, krID: c.KeyResultID, subjectID: c.ID,
			facts: eventFacts{Value: c.Value, Confidence: string(c.Confidence), Comment: c.Comment}})
	}
}

// storeEvents writes the transaction's events in one statement; their
// fan-out is queued after it (queueFanOut).
func (t *tx) storeEvents() error {
	if len(t.events) == 0 {
		return nil
	}
	const cols = 9
	args := make([]any, 0, cols*len(t.events))
	for _, e := range t.events {
		facts, err := json.Marshal(e.facts)
		if err != nil {
			return fmt.Errorf("encode event: %w", err)
		}
		args = append(args, t.org(), e.typ, micros(t.now), t.authorID(), e.objectiveID, idOrNull(e.krID), idOrNull(e.subjectID), string(facts), "")
	}
	return t.laterValues("store events", `INSERT INTO events (org_id, type, at, actor_id, objective_id, kr_id, subject_id, facts, payload) VALUES `, cols, args)
}

// queueFanOut queues a fan-out of the organisation's events unless one is
// waiting already. The look for one goes into the pipe with the
// transaction's last statements; the job's insert, when none waits, follows
// their flush.
func (t *tx) queueFanOut() error {
	waiting := true
	if err := t.fanOutWaiting(&waiting); err != nil {
		return err
	}
	if err := t.flush(t.ctx); err != nil {
		return err
	}
	if waiting {
		return nil
	}
	_, err := t.enqueue(FanOutJob{OrgID: t.org()}, JobOpts{OrgID: t.org()})
	return err
}

// fanOutWaiting sets *waiting, once its statement has run (conn.laterQuery),
// to whether a fan-out job of the organisation waits
// that no worker has taken yet and none can take before this transaction
// commits: that job will fan these events out too, since a fan-out claims
// every waiting event of its organisation, so queueing another would only
// cost (the engine's insert was a third of a check-in's time on SQLite). On
// SQLite nothing can take it meanwhile: the engine takes jobs in a write
// transaction, which waits for this one. On PostgreSQL the row lock holds
// it back until this transaction ends (the engine takes jobs with SKIP
// LOCKED), and a job another transaction holds is skipped, not waited for.
func (t *tx) fanOutWaiting(waiting *bool) error {
	q := `SELECT id FROM river_job WHERE state = 'available' AND kind = '` + FanOutJob{}.Kind() + `' AND json_extract(args, '$.org') = ? LIMIT 1`
	if t.db.dialect == DialectPostgres {
		q = `SELECT id FROM river_job WHERE state = 'available' AND kind = '` + FanOutJob{}.Kind() + `' AND args @> jsonb_build_object('org', CAST(? AS BIGINT)) LIMIT 1 FOR UPDATE SKIP LOCKED`
	}
	return t.laterQuery(t.ctx, "find a waiting fan-out", func(r rowScanner) error {
		*waiting = r.Next()
		return nil
	}, q, t.org())
}

// notifyNewMentions notes a comment event for an edited comment when it
// mentions people it did not mention before, so that they alone hear of
// it.
func (t *tx) notifyNewMentions(c *okr.Comment, old []int64) error {
	was := map[int64]bool{}
	for _, id := range old {
		was[id] = true
	}
	var added []int64
	for _, id := range c.Mentions {
		if !was[id] {
			added = append(added, id)
		}
	}
	if len(added) == 0 {
		return nil
	}
	e := pendingEvent{typ: okr.EventComment, objectiveID: c.ObjectiveID, comment: c}
	if c.KeyResultID != nil {
		e.krID = *c.KeyResultID
	}
	t.noteEvent(e)
	last := &t.events[len(t.events)-1]
	last.facts.Mentions, last.facts.NewMentions = added, true
	return nil
}
