package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// DigestRun sends one organisation's weekly digests of one week.
type DigestRun struct {
	OrgID int64     `json:"org" river:"unique"`
	Week  string    `json:"week" river:"unique"`
	At    time.Time `json:"at"`
}

// Kind names the job for river.
func (DigestRun) Kind() string { return "rhythm_digest" }

type digestWorker struct {
	river.WorkerDefaults[DigestRun]
	s *Server
}

func (w *digestWorker) Work(ctx context.Context, j *river.Job[DigestRun]) error {
	return w.s.sendDigests(ctx, j.Args)
}

// digestWeek is what happened in an organisation in the week before a
// digest, by key result and objective.
type digestWeek struct {
	snap     *orgSnapshot
	checkIns map[int64][]okr.CheckIn // key result → its check-ins of the week, oldest first
	worse    map[int64]okr.Status    // key result → the status it turned to
	// news are the key results with check-ins of the week or a status
	// turned worse, by objective, as indices into snap.krs in its order.
	news    map[int64][]int
	newObjs []int64 // objectives published in the week
	graded  []int64 // objectives whose last key result was graded in the week
}

// sendDigests queues the digest of each lead and each follower with
// something to tell.
func (s *Server) sendDigests(ctx context.Context, run DigestRun) error {
	if !s.mailOn() {
		return nil // digests are e-mails only
	}
	from := run.At.AddDate(0, 0, -7)
	snap, err := s.snapshot(ctx, run.OrgID, run.At, func(p okr.Period) bool {
		return !run.At.Before(p.Start) && !okr.PeriodOver(&p, from)
	})
	if err != nil {
		return err
	}
	week, err := s.digestWeek(ctx, snap, from, run.At)
	if err != nil {
		return err
	}
	for _, person := range snap.people {
		if person.Archived || !person.Notify.WantsEmail(okr.NotifyDigest) || !s.mailOn() {
			continue
		}
		scope, err := s.digestScope(ctx, snap, person)
		if err != nil {
			return err
		}
		if len(scope) == 0 {
			continue
		}
		if err := s.queueDigest(ctx, week, run, person, scope); err != nil {
			return err
		}
	}
	return nil
}

// digestChunk is how many key results digestWeek reads the check-ins of
// at a time: the large generated organisation has 106,099 key results
// with 1,325,542 check-ins, which read at once took about 200 MB.
var digestChunk = 2000

func (s *Server) digestWeek(ctx context.Context, snap *orgSnapshot, from, to time.Time) (*digestWeek, error) {
	w := &digestWeek{snap: snap, checkIns: map[int64][]okr.CheckIn{}, worse: map[int64]okr.Status{}, news: map[int64][]int{}}
	pace := snap.org.Settings.Pace()
	lastGrade := map[int64]time.Time{} // objective → its last grade
	ungraded := map[int64]bool{}
	for start := 0; start < len(snap.krs); start += digestChunk {
		krs := snap.krs[start:min(start+digestChunk, len(snap.krs))]
		ids := make([]int64, len(krs))
		for i := range krs {
			ids[i] = krs[i].ID
		}
		all, err := s.DB.ListCheckIns(ctx, snap.org.ID, ids, nil)
		if err != nil {
			return nil, err
		}
		grades, err := s.DB.ListGrades(ctx, snap.org.ID, ids)
		if err != nil {
			return nil, err
		}
		// Each key result's check-ins: the store lists them by key result,
		// so each key result looks at its own, not at the chunk's (it
		// looked at the whole organisation's before: 10^11 comparisons in
		// the large generated organisation).
		byKR := map[int64][]okr.CheckIn{}
		for _, c := range all {
			byKR[c.KeyResultID] = append(byKR[c.KeyResultID], c)
			if !c.At.Before(from) && c.At.Before(to) {
				w.checkIns[c.KeyResultID] = append(w.checkIns[c.KeyResultID], c)
			}
		}
		for i := range krs {
			kr := &krs[i]
			o := snap.objs[kr.ObjectiveID]
			p := snap.periods[o.PeriodID]
			mine := byKR[kr.ID]
			then := kr.AsOf(mine, from)
			nowKR := kr.AsOf(mine, to)
			if g := grades[kr.ID]; g != nil && g.At.Before(to) {
				nowKR.Score = &g.Score
				if g.At.After(lastGrade[o.ID]) {
					lastGrade[o.ID] = g.At
				}
			} else {
				ungraded[o.ID] = true
			}
			if st := okr.KRStatus(&nowKR, &o, &p, pace, to); okr.TurnedWorse(okr.KRStatus(&then, &o, &p, pace, from), st) {
				w.worse[kr.ID] = st
			}
			if _, worse := w.worse[kr.ID]; worse || len(w.checkIns[kr.ID]) > 0 {
				w.news[o.ID] = append(w.news[o.ID], start+i)
			}
		}
	}
	for id, o := range snap.objs {
		if o.PublishedAt != nil && !o.PublishedAt.Before(from) && o.PublishedAt.Before(to) {
			w.newObjs = append(w.newObjs, id)
		}
		if at, ok := lastGrade[id]; ok && !ungraded[id] && !at.Before(from) {
			w.graded = append(w.graded, id)
		}
	}
	slices.Sort(w.newObjs)
	slices.Sort(w.graded)
	return w, nil
}

// digestScope returns the objectives a person's digest covers: those of
// the units they lead and the units below, and what they follow (a
// person's, a unit's and single objectives).
func (s *Server) digestScope(ctx context.Context, snap *orgSnapshot, person okr.Person) (map[int64]bool, error) {
	units := map[int64]bool{}
	for _, u := range snap.units {
		if slices.Contains(u.LeadIDs, person.ID) {
			units[u.ID] = true
		}
	}
	for changed := true; changed; { // and every unit below
		changed = false
		for _, u := range snap.units {
			if u.ParentID != nil && units[*u.ParentID] && !units[u.ID] {
				units[u.ID], changed = true, true
			}
		}
	}
	follows, err := s.DB.ListFollows(ctx, snap.org.ID, person.ID)
	if err != nil {
		return nil, err
	}
	people, objs := map[int64]bool{}, map[int64]bool{}
	for _, f := range follows {
		switch f.Kind {
		case store.FollowUnit:
			units[f.TargetID] = true
		case store.FollowPerson:
			people[f.TargetID] = true
		case store.FollowObjective:
			objs[f.TargetID] = true
		}
	}
	scope := map[int64]bool{}
	for id, o := range snap.objs {
		if objs[id] || (o.Owner.UnitID != nil && units[*o.Owner.UnitID]) || (o.Owner.PersonID != nil && people[*o.Owner.PersonID]) {
			scope[id] = true
		}
	}
	return scope, nil
}

// queueDigest queues a person's digest when something in their scope
// happened: check-ins (with their comments), key results that turned
// behind or not updated, new and graded objectives.
func (s *Server) queueDigest(ctx context.Context, w *digestWeek, run DigestRun, person okr.Person, scope map[int64]bool) error {
	snap := w.snap
	l := s.mailLocalizer(person, snap.org)
	objLink := func(id int64) string { return s.mailURL("/objectives/" + strconv.FormatInt(id, 10)) }
	var checkIns, worse, newObjs, graded []mailItem
	// The objectives of the scope with news, in the order of snap.krs (by
	// objective): each person's digest looks at their scope, not at every
	// key result of the organisation.
	var objs []int64
	for id := range scope {
		if len(w.news[id]) > 0 {
			objs = append(objs, id)
		}
	}
	slices.Sort(objs)
	for _, id := range objs {
		for _, i := range w.news[id] {
			w.addKR(l, &snap.krs[i], objLink, &checkIns, &worse)
		}
	}
	for _, id := range w.newObjs {
		if scope[id] {
			newObjs = append(newObjs, mailItem{Title: snap.objs[id].Title, Link: objLink(id)})
		}
	}
	for _, id := range w.graded {
		if scope[id] {
			graded = append(graded, mailItem{Title: snap.objs[id].Title, Link: objLink(id)})
		}
	}
	var sections []mailSection
	for _, sec := range []struct {
		key   string
		items []mailItem
	}{{"rhythm.digest_checkins", checkIns}, {"rhythm.digest_worse", worse}, {"rhythm.digest_new", newObjs}, {"rhythm.digest_graded", graded}} {
		if len(sec.items) > 0 {
			sections = append(sections, mailSection{Heading: l.N(sec.key, len(sec.items)), Items: sec.items})
		}
	}
	if len(sections) == 0 {
		return nil
	}
	m := rhythmMail{Lang: l.Lang, Greeting: l.T("mail.hello", "Name", person.Name),
		Subject: l.T("rhythm.digest_subject", "Org", snap.org.Name), Lines: []string{l.T("rhythm.digest_body")},
		Sections: sections, Button: l.T("rhythm.digest_button"), Link: s.mailURL("/"),
		Footer: l.T("rhythm.footer", "Org", snap.org.Name), SettingsLabel: l.T("rhythm.settings_link"), SettingsLink: s.mailURL("/profile")}
	msg, err := m.render()
	if err != nil {
		return err
	}
	key := fmt.Sprintf("digest:%d:%d:%s", snap.org.ID, person.ID, run.Week)
	_, err = s.enqueueMail(ctx, snap.org.ID, MailJob{Key: key, To: person.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML})
	return err
}

// addKR adds what the week brought of kr to a digest's check-ins and key
// results turned worse.
func (w *digestWeek) addKR(l *i18n.Localizer, kr *okr.KeyResult, objLink func(int64) string, checkIns, worse *[]mailItem) {
	snap := w.snap
	o := snap.objs[kr.ObjectiveID]
	for _, c := range w.checkIns[kr.ID] {
		detail := snap.people[c.AuthorID].Name + ", " + l.Date(c.At)
		if c.Comment != "" {
			detail += ": “" + c.Comment + "”"
		}
		*checkIns = append(*checkIns, mailItem{Title: kr.Title, Detail: detail, Link: objLink(o.ID)})
	}
	if st, ok := w.worse[kr.ID]; ok {
		*worse = append(*worse, mailItem{Title: kr.Title, Detail: l.T("status."+string(st)) + " · " + o.Title, Link: objLink(o.ID)})
	}
}
