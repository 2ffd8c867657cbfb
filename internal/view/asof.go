package view

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Past is an organisation as it stood at the end of one day (time
// travel): a private copy of its data made by store.DB.AsOf with a read
// model over it whose clock stands at that instant. Pages and the API
// serve "as of" requests from it with their usual code, so a past view is
// computed exactly as the live view was. A Past is read-only and shared by
// concurrent requests.
type Past struct {
	// Day is the date asked for; At the last instant of it in the
	// organisation's time zone.
	Day, At time.Time
	DB      *store.DB
	Model   *Model

	mu       sync.Mutex
	attached map[any]*attachment
}

type attachment struct {
	once sync.Once
	val  any
}

// Attach returns the value under key, made by make on first use: what a
// caller builds once per past (the API's or the pages' handlers over it).
func (p *Past) Attach(key any, make func() any) any {
	p.mu.Lock()
	a := p.attached[key]
	if a == nil {
		a = &attachment{}
		p.attached[key] = a
	}
	p.mu.Unlock()
	a.once.Do(func() { a.val = make() })
	return a.val
}

// Pasts builds pasts on demand and keeps the few last used: a past day does
// not change, so one copy serves everyone looking at that day. An entry is
// made again after pastTTL, so that history written afterwards with
// earlier dates (an imported check-in) shows up. Safe for concurrent use.
type Pasts struct {
	db *store.DB

	mu      sync.Mutex
	entries map[pastKey]*pastEntry
	order   []pastKey // least recently used first
}

type pastKey struct {
	org int64
	day string
}

type pastEntry struct {
	ready chan struct{}
	past  *Past
	err   error
	made  time.Time
}

const (
	// pastsKept is how many pasts stay open: each is a database file of
	// about the size of the organisation's data.
	pastsKept = 4
	// pastTTL is how long a past is served before it is made again.
	pastTTL = 10 * time.Minute
)

// NewPasts returns the pasts of db's organisations.
func NewPasts(db *store.DB) *Pasts {
	return &Pasts{db: db, entries: map[pastKey]*pastEntry{}}
}

// Get returns organisation org as of the end of day in its time zone
// (settings), building it unless a fresh one is kept. Concurrent callers
// for the same day wait for one build.
func (ps *Pasts) Get(ctx context.Context, org int64, settings okr.OrgSettings, day time.Time) (*Past, error) {
	k := pastKey{org, day.Format(time.DateOnly)}
	ps.mu.Lock()
	e := ps.entries[k]
	if e != nil && e.err == nil && isReady(e) && time.Since(e.made) > pastTTL {
		ps.dropLocked(k)
		e = nil
	}
	if e == nil {
		e = &pastEntry{ready: make(chan struct{})}
		ps.entries[k] = e
		ps.order = append(ps.order, k)
		for len(ps.order) > pastsKept {
			ps.dropLocked(ps.order[0])
		}
		ps.mu.Unlock()
		at := store.EndOfDay(day, settings.Location())
		// The build belongs to no single request: one that gives up must
		// not fail the others waiting for it.
		db, err := ps.db.AsOf(context.WithoutCancel(ctx), org, at)
		if err == nil {
			y, m, d := day.Date()
			e.past = &Past{Day: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), At: at, DB: db,
				Model: New(db, func() time.Time { return at }), attached: map[any]*attachment{}}
		}
		e.err, e.made = err, time.Now()
		close(e.ready)
		if err != nil {
			ps.mu.Lock()
			if ps.entries[k] == e {
				ps.dropLocked(k)
			}
			ps.mu.Unlock()
		}
		return e.past, err
	}
	ps.touchLocked(k)
	ps.mu.Unlock()
	select {
	case <-e.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return e.past, e.err
}

func isReady(e *pastEntry) bool {
	select {
	case <-e.ready:
		return true
	default:
		return false
	}
}

func (ps *Pasts) touchLocked(k pastKey) {
	for i, o := range ps.order {
		if o == k {
			ps.order = append(append(ps.order[:i:i], ps.order[i+1:]...), k)
			return
		}
	}
}

// dropLocked forgets k; its database is closed a minute later, when the
// requests still reading it are done.
func (ps *Pasts) dropLocked(k pastKey) {
	e := ps.entries[k]
	delete(ps.entries, k)
	for i, o := range ps.order {
		if o == k {
			ps.order = append(ps.order[:i:i], ps.order[i+1:]...)
			break
		}
	}
	if e == nil {
		return
	}
	go func() {
		<-e.ready
		if e.past != nil {
			time.AfterFunc(time.Minute, func() { e.past.DB.Close() })
		}
	}()
}

// Close closes every past kept.
func (ps *Pasts) Close() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for k, e := range ps.entries {
		delete(ps.entries, k)
		if isReady(e) && e.past != nil {
			e.past.DB.Close()
		}
	}
	ps.order = nil
}

// Why ParseDay refuses a day.
var (
	ErrNotADate = errors.New("not a date as YYYY-MM-DD")
	ErrFuture   = errors.New("after today")
)

// Today is the date of now in the organisation's time zone, YYYY-MM-DD:
// the day after which there is nothing to look back to.
func Today(s okr.OrgSettings, now time.Time) string {
	return now.In(s.Location()).Format(time.DateOnly)
}

// ParseDay reads a day to look back to (YYYY-MM-DD) when it is today:
// live when it is today itself (a view as of today is the live one),
// ErrFuture when it is later, ErrNotADate when it is no date.
func ParseDay(raw, today string) (day time.Time, live bool, err error) {
	day, err = time.Parse(time.DateOnly, raw)
	switch {
	case err != nil:
		return time.Time{}, false, ErrNotADate
	case raw > today:
		return time.Time{}, false, ErrFuture
	}
	return day, raw == today, nil
}

// Between lists what changed in organisation org between the end of day
// from and the end of day to (YYYY-MM-DD; "" or today: now), and returns to
// as compared. Days it cannot compare are an EINVALID error naming the
// field ("from", "to") with a message key of the changes page.
func (ps *Pasts) Between(ctx context.Context, org int64, s okr.OrgSettings, now time.Time, from, to string) ([]Change, string, error) {
	today := Today(s, now)
	if to == "" {
		to = today
	}
	refuse := func(field, key, msg string) ([]Change, string, error) {
		return nil, to, &okr.Error{Code: okr.EINVALID, Field: field, Key: key, Message: msg}
	}
	fromDay, _, err := ParseDay(from, today)
	if errors.Is(err, ErrNotADate) {
		return refuse("from", "changes.bad_from", "from must be a date as YYYY-MM-DD")
	}
	toDay, live, err := ParseDay(to, today)
	switch {
	case errors.Is(err, ErrNotADate):
		return refuse("to", "changes.bad_to", "to must be a date as YYYY-MM-DD")
	case errors.Is(err, ErrFuture):
		return refuse("to", "changes.future", fmt.Sprintf("to %s is in the future; the latest is today, %s", to, today))
	case from >= to:
		return refuse("from", "changes.order", "from must be a day before to")
	}
	before, err := ps.Get(ctx, org, s, fromDay)
	if err != nil {
		return nil, to, err
	}
	after := ps.db
	if !live {
		p, err := ps.Get(ctx, org, s, toDay)
		if err != nil {
			return nil, to, err
		}
		after = p.DB
	}
	changes, err := Changes(ctx, before.DB, after, org)
	return changes, to, err
}
