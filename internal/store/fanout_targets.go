package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/okr"
)

// recipient is a person to notify, why, and in which channels.
type recipient struct {
	person       int64
	kind         string
	inApp, email bool
}

// notify writes the event's in-app notifications: to the people a comment
// mentions, to the owners (or the leads of the owning units) of what a
// comment is on, and to the followers of the objective, its owning unit
// or owner person, once each (the first reason wins, in that order), never
// to the actor or to archived people; in the app and by e-mail (a job per
// person) as each chose for the reason.
func (f *fan) notify(eventID, actor int64, p *event.Payload, w *fanWrites) error {
	var rs []recipient
	for _, id := range f.facts.Mentions {
		rs = append(rs, recipient{person: id, kind: okr.NotifyMention})
	}
	if !f.facts.NewMentions {
		if f.typ == okr.EventComment {
			owners, err := f.owners()
			if err != nil {
				return err
			}
			for _, id := range owners {
				rs = append(rs, recipient{person: id, kind: okr.NotifyComment})
			}
		}
		followers, err := f.followers(p.Objective.ID)
		if err != nil {
			return err
		}
		for _, id := range followers {
			rs = append(rs, recipient{person: id, kind: okr.NotifyFollow})
		}
	}
	rs, err := f.wanted(rs, actor)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.inApp {
			w.notifications = append(w.notifications, fanNotification{org: f.org, person: r.person, kind: r.kind, event: eventID, at: f.now.UnixMicro()})
		}
		if r.email {
			w.mails = append(w.mails, NotificationMailJob{Key: mailKey(eventID, r.person), OrgID: f.org, EventID: eventID, PersonID: r.person, Why: r.kind})
		}
	}
	return nil
}

// owners returns the owner people and the leads of the owning units of
// the objective and key result.
func (f *fan) owners() ([]int64, error) {
	out := append([]int64(nil), f.personOwners...)
	if len(f.unitOwners) == 0 {
		return out, nil
	}
	cond, arg := f.c.db.inIDs("unit_id", f.unitOwners)
	leads, err := f.ids(`SELECT person_id FROM unit_leads WHERE `+f.c.db.noIndex("org_id")+` = ? AND `+cond, f.org, arg)
	return append(out, leads...), err
}

// followers returns who follows the objective, a unit that owns it or its
// key result, or a person who does, in the order of their ids, from what
// the batch read (fanMemo.readFollows).
func (f *fan) followers(objectiveID int64) ([]int64, error) {
	out := slices.Clone(f.memo.follows[followKey("objective", objectiveID)])
	for _, id := range f.unitOwners {
		out = append(out, f.memo.follows[followKey("unit", id)]...)
	}
	for _, id := range f.personOwners {
		out = append(out, f.memo.follows[followKey("person", id)]...)
	}
	slices.Sort(out)
	return out, nil
}

// wanted keeps each person's first reason, and drops the actor and
// archived people; each one's choices (okr.NotifyPrefs: the channel and
// the kinds turned off) say whether the bell shows it (every channel but
// none) and whether it is e-mailed (the e-mail channel, the default).
func (f *fan) wanted(rs []recipient, actor int64) ([]recipient, error) {
	return memoized(f.memo.wanted, fmt.Sprint(f.org, actor, rs), func() ([]recipient, error) { return f.readWanted(rs, actor) })
}

func (f *fan) readWanted(rs []recipient, actor int64) ([]recipient, error) {
	seen := map[int64]bool{actor: true}
	var ids []int64
	var out []recipient
	for _, r := range rs {
		if !seen[r.person] {
			seen[r.person] = true
			out = append(out, r)
			ids = append(ids, r.person)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	cond, arg := f.c.db.inIDs("id", ids)
	rows, err := f.c.query(f.ctx, `SELECT id, email, notify FROM people WHERE `+f.c.db.noIndex("org_id")+` = ? AND archived_at IS NULL AND `+cond, f.org, arg)
	if err != nil {
		return nil, fmt.Errorf("load recipients: %w", err)
	}
	defer rows.Close()
	type person struct {
		email string
		prefs okr.NotifyPrefs
	}
	active := map[int64]person{}
	for rows.Next() {
		var id int64
		var p person
		var notify string
		if err := rows.Scan(&id, &p.email, &notify); err != nil {
			return nil, err
		}
		p.prefs = notifyPrefs(notify)
		active[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, r := range out {
		p, ok := active[r.person]
		if !ok {
			continue
		}
		r.inApp, r.email = p.prefs.Wants(r.kind), p.prefs.WantsEmail(r.kind) && p.email != ""
		if r.inApp || r.email {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

func (f *fan) ids(q string, args ...any) ([]int64, error) {
	return queryIDs(f.ctx, f.c, q, args...)
}

// queryIDs runs q, which selects one id column, and returns the ids.
func queryIDs(ctx context.Context, c conn, q string, args ...any) ([]int64, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// deliver makes a delivery of the event to each live hook that listens to
// its type: the organisation's webhooks, and the Slack and Teams hooks of
// the unit that owns the objective (or whose member owns it) or a unit
// above it. Each has the idempotency key "event:<id>:hook:<id>".
func (f *fan) deliver(eventID int64, w *fanWrites) error {
	hooks, ok := f.memo.hooks[f.org]
	if !ok {
		var err error
		if hooks, err = listHooks(f.ctx, f.c, f.org, false); err != nil {
			return err
		}
		f.memo.hooks[f.org] = hooks
	}
	var err error
	var chain map[int64]bool
	for _, h := range hooks {
		if !h.Hears(f.typ) {
			continue
		}
		if h.UnitID != nil {
			if chain == nil {
				if chain, err = f.unitChain(); err != nil {
					return err
				}
			}
			if !chain[*h.UnitID] {
				continue
			}
		}
		key := "event:" + strconv.FormatInt(eventID, 10) + ":hook:" + strconv.FormatInt(h.ID, 10)
		w.deliveries = append(w.deliveries, fanDelivery{org: f.org, hook: h.ID, event: eventID, key: key, at: f.now.UnixMicro()})
	}
	return nil
}

// unitChain returns the unit the objective belongs to and every unit above
// it.
func (f *fan) unitChain() (map[int64]bool, error) {
	chain := map[int64]bool{}
	if f.ownerUnit == nil {
		return chain, nil
	}
	ids, err := f.ids(`WITH RECURSIVE up (id, parent_id) AS (
		SELECT id, parent_id FROM units WHERE id = ? AND org_id = ?
		UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id WHERE u.org_id = ?)
		SELECT id FROM up`, *f.ownerUnit, f.org, f.org)
	for _, id := range ids {
		chain[id] = true
	}
	return chain, err
}

// hookEvents stores a hook's events as a comma list.
func hookEvents(events []string) string { return strings.Join(events, ",") }
