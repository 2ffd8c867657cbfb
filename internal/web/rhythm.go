package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// The rhythm's jobs. The elected leader queues a tick every few minutes
// (tickEvery); the tick looks at each organisation's schedule with the
// server's clock (s.now) and queues the runs that are due, each unique by
// organisation and week (or period and milestone). A run finds who hears
// what and queues one MailJob per person, unique by person and week: two
// nodes, a tick run twice or a run retried after a crash send each e-mail
// once.

// tickEvery is how often the leader queues a rhythm tick.
const tickEvery = 5 * time.Minute

// RhythmTick looks for due runs in every organisation.
type RhythmTick struct{}

// Kind names the job for river.
func (RhythmTick) Kind() string { return "rhythm_tick" }

// ReminderRun sends one organisation's check-in reminders (and
// escalations) of one week.
type ReminderRun struct {
	OrgID int64     `json:"org" river:"unique"`
	Week  string    `json:"week" river:"unique"`
	At    time.Time `json:"at"`
}

// Kind names the job for river.
func (ReminderRun) Kind() string { return "rhythm_reminders" }

// addRhythmJobs registers the rhythm's workers and returns its periodic
// job.
func (s *Server) addRhythmJobs(w *river.Workers) []*river.PeriodicJob {
	river.AddWorker(w, &tickWorker{s: s})
	river.AddWorker(w, &reminderWorker{s: s})
	river.AddWorker(w, &digestWorker{s: s})
	river.AddWorker(w, &periodWorker{s: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(tickEvery),
		func() (river.JobArgs, *river.InsertOpts) { return RhythmTick{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true, ID: "rhythm_tick"})}
}

type tickWorker struct {
	river.WorkerDefaults[RhythmTick]
	s *Server
}

func (w *tickWorker) Work(ctx context.Context, _ *river.Job[RhythmTick]) error {
	return w.s.RhythmTick(ctx)
}

// RhythmTick queues the runs due now in every organisation. Running it
// again queues nothing new.
func (s *Server) RhythmTick(ctx context.Context) error {
	orgs, err := s.DB.ListOrgs(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	for _, org := range orgs {
		if err := s.tickOrg(ctx, org, now); err != nil {
			return fmt.Errorf("rhythm of %s: %w", org.Slug, err)
		}
	}
	return nil
}

func (s *Server) tickOrg(ctx context.Context, org okr.Org, now time.Time) error {
	r := org.Settings.Rhythm()
	loc := org.Settings.Location()
	if at, due := r.Due(r.CheckIn, now); due && r.RemindersOn {
		run := ReminderRun{OrgID: org.ID, Week: okr.WeekKey(at, loc), At: at}
		if _, err := s.DB.Enqueue(ctx, run, store.JobOpts{OrgID: org.ID, Unique: true}); err != nil {
			return err
		}
	}
	if at, due := r.Due(r.Digest, now); due && r.DigestOn {
		run := DigestRun{OrgID: org.ID, Week: okr.WeekKey(at, loc), At: at}
		if _, err := s.DB.Enqueue(ctx, run, store.JobOpts{OrgID: org.ID, Unique: true}); err != nil {
			return err
		}
	}
	return s.tickPeriods(ctx, org)
}

type reminderWorker struct {
	river.WorkerDefaults[ReminderRun]
	s *Server
}

func (w *reminderWorker) Work(ctx context.Context, j *river.Job[ReminderRun]) error {
	return w.s.sendReminders(ctx, j.Args)
}

// orgSnapshot is what a run reads of an organisation: its people, units
// and the published objectives with key results of the periods running
// at a moment.
type orgSnapshot struct {
	org     okr.Org
	people  map[int64]okr.Person
	units   map[int64]okr.Unit
	periods map[int64]okr.Period
	objs    map[int64]okr.Objective
	krs     []okr.KeyResult
}

func (s *Server) snapshot(ctx context.Context, orgID int64, at time.Time, includePeriod func(okr.Period) bool) (*orgSnapshot, error) {
	org, err := s.DB.GetOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	snap := &orgSnapshot{org: org, people: map[int64]okr.Person{}, units: map[int64]okr.Unit{},
		periods: map[int64]okr.Period{}, objs: map[int64]okr.Objective{}}
	people, _, err := s.DB.ListPeople(ctx, orgID, store.PersonFilter{})
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		snap.people[p.ID] = p
	}
	units, err := s.DB.ListUnits(ctx, orgID, store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		snap.units[u.ID] = u
	}
	periods, err := s.DB.ListPeriods(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, p := range periods {
		if !includePeriod(p) {
			continue
		}
		snap.periods[p.ID] = p
		objs, _, err := s.DB.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: p.ID, State: okr.StatePublished})
		if err != nil {
			return nil, err
		}
		ids := make([]int64, 0, len(objs))
		for _, o := range objs {
			snap.objs[o.ID] = o
			ids = append(ids, o.ID)
		}
		if len(ids) == 0 {
			continue
		}
		krs, err := s.DB.ListKeyResults(ctx, orgID, ids, false)
		if err != nil {
			return nil, err
		}
		if snap.krs == nil {
			snap.krs = krs // most runs read one period: no copy of 100,000 key results
		} else {
			snap.krs = append(snap.krs, krs...)
		}
	}
	return snap, nil
}

// running reports whether period p runs at t.
func running(p okr.Period, t time.Time) bool { return !t.Before(p.Start) && !okr.PeriodOver(&p, t) }

// leads returns the unit's leads.
func (snap *orgSnapshot) leads(unitID int64) []int64 { return snap.units[unitID].LeadIDs }

// sendReminders queues the reminders and escalations of a run.
func (s *Server) sendReminders(ctx context.Context, run ReminderRun) error {
	snap, err := s.snapshot(ctx, run.OrgID, run.At, func(p okr.Period) bool { return running(p, run.At) })
	if err != nil {
		return err
	}
	rhythm := snap.org.Settings.Rhythm()
	pace := snap.org.Settings.Pace()
	// What a mail names of each key result, gathered first; the run then
	// lets the snapshot's key results and objectives go before it writes
	// one notification and one mail a person. Holding them, and copies of
	// the key results in the lists, took about 90 MB of the large
	// generated organisation's 10,000 people for the minute the run
	// lasted, which kept the whole server collecting garbage
	// (docs/performance.md, eleventh round).
	due := map[int64][]reminderItem{}      // person → key results to check in on
	escalate := map[int64][]reminderItem{} // lead → key results without check-ins
	for i := range snap.krs {
		kr := &snap.krs[i]
		o := snap.objs[kr.ObjectiveID]
		p := snap.periods[o.PeriodID]
		if !okr.ReminderDue(kr, &o, &p, pace, run.At) {
			continue
		}
		owners := okr.CheckInOwners(kr, &o, snap.leads)
		it := reminderItem{id: kr.ID, obj: o.ID, period: o.PeriodID, title: kr.Title, objTitle: o.Title}
		for _, id := range owners {
			due[id] = append(due[id], it)
		}
		if okr.Escalate(kr, &o, &p, pace, run.At, rhythm.EscalateAfter) && !snap.allPaused(owners) {
			it.owner = snap.ownerName(kr, &o)
			for _, lead := range snap.escalationLeads(kr, &o, owners) {
				escalate[lead] = append(escalate[lead], it)
			}
		}
	}
	snap.krs, snap.objs = nil, nil
	for id, items := range due {
		if err := s.queueReminder(ctx, snap, run, id, items, false); err != nil {
			return err
		}
	}
	for id, items := range escalate {
		if err := s.queueReminder(ctx, snap, run, id, items, true); err != nil {
			return err
		}
	}
	return nil
}

// reminderItem is a key result as a reminder or an escalation names it:
// its title and objective's, and for an escalation who is reminded of it.
type reminderItem struct {
	id, obj, period        int64
	title, objTitle, owner string
}

// allPaused reports whether every one of the people paused reminders (on
// leave, say): their key results are not escalated either.
func (snap *orgSnapshot) allPaused(ids []int64) bool {
	for _, id := range ids {
		if !snap.people[id].Notify.PauseReminders {
			return false
		}
	}
	return len(ids) > 0
}

// escalationLeads returns who hears that kr goes without check-ins: the
// leads of its owning unit, or of its owner person's unit, leaving out the
// people reminded of it themselves.
func (snap *orgSnapshot) escalationLeads(kr *okr.KeyResult, o *okr.Objective, owners []int64) []int64 {
	unit, ok := okr.OwningUnit(kr, o)
	if !ok && len(owners) == 1 && snap.people[owners[0]].UnitID != nil {
		unit, ok = *snap.people[owners[0]].UnitID, true
	}
	if !ok {
		return nil
	}
	var leads []int64
	for _, id := range snap.leads(unit) {
		if !slices.Contains(owners, id) {
			leads = append(leads, id)
		}
	}
	if len(leads) == 0 { // the owner leads the unit: the unit above hears of it
		if parent := snap.units[unit].ParentID; parent != nil {
			for _, id := range snap.leads(*parent) {
				if !slices.Contains(owners, id) {
					leads = append(leads, id)
				}
			}
		}
	}
	return leads
}

// queueReminder queues one person's reminder (or escalation) of the run,
// once per person and week.
func (s *Server) queueReminder(ctx context.Context, snap *orgSnapshot, run ReminderRun, personID int64, krs []reminderItem, escalation bool) error {
	person, ok := snap.people[personID]
	kind := okr.NotifyReminder
	if escalation {
		kind = okr.NotifyEscalation
	}
	if !escalation && ok && !person.Archived {
		// The bell's reminder, once per week, as the person's choices allow.
		if _, err := s.DB.NotifyCheckInDue(ctx, snap.org.ID, personID, "checkin_due:"+run.Week); err != nil {
			return err
		}
	}
	if !ok || person.Archived || !person.Notify.WantsEmail(kind) || !s.mailOn() {
		return nil
	}
	l := s.mailLocalizer(person, snap.org)
	slices.SortFunc(krs, func(a, b reminderItem) int { return cmp.Compare(a.id, b.id) })
	m := rhythmMail{Lang: l.Lang, Greeting: l.T("mail.hello", "Name", person.Name),
		Footer: l.T("rhythm.footer", "Org", snap.org.Name), SettingsLabel: l.T("rhythm.settings_link"), SettingsLink: s.mailURL("/profile")}
	var items []mailItem
	for _, kr := range krs {
		it := mailItem{Title: kr.title, Detail: kr.objTitle, Link: s.mailURL("/objectives/" + strconv.FormatInt(kr.obj, 10))}
		if escalation {
			it.Detail = kr.objTitle + " · " + kr.owner
		}
		items = append(items, it)
	}
	key := fmt.Sprintf("reminder:%d:%d:%s", snap.org.ID, personID, run.Week)
	if escalation {
		key = fmt.Sprintf("escalation:%d:%d:%s", snap.org.ID, personID, run.Week)
		m.Subject = l.N("rhythm.escalation_subject", len(krs), "Org", snap.org.Name)
		m.Lines = []string{l.N("rhythm.escalation_body", len(krs), "Weeks", snap.org.Settings.Rhythm().EscalateAfter)}
		m.Sections = []mailSection{{Heading: l.T("rhythm.escalation_heading"), Items: items}}
		m.Button, m.Link = l.T("rhythm.escalation_button"), s.mailURL("/checkin")
	} else {
		m.Subject = l.N("rhythm.reminder_subject", len(krs), "Org", snap.org.Name)
		m.Lines = []string{l.N("rhythm.reminder_body", len(krs))}
		m.Sections = []mailSection{{Heading: l.T("rhythm.reminder_heading"), Items: items}}
		m.Button, m.Link = l.T("rhythm.reminder_button"), s.mailURL(checkInPath(krs))
	}
	msg, err := m.render()
	if err != nil {
		return err
	}
	_, err = s.enqueueMail(ctx, snap.org.ID, MailJob{Key: key, To: person.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML})
	return err
}

// checkInPath opens the check-in of the period of the key results (the
// first one's, when they span several).
func checkInPath(krs []reminderItem) string {
	if len(krs) == 0 {
		return "/checkin"
	}
	return "/checkin?period=" + strconv.FormatInt(krs[0].period, 10)
}

// ownerName names who is reminded of kr, for an escalation.
func (snap *orgSnapshot) ownerName(kr *okr.KeyResult, o *okr.Objective) string {
	var names []string
	for _, id := range okr.CheckInOwners(kr, o, snap.leads) {
		names = append(names, snap.people[id].Name)
	}
	if len(names) == 0 {
		return ""
	}
	return names[0] + map[bool]string{true: " …", false: ""}[len(names) > 1]
}
