package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// PeriodRun sends the e-mails of one milestone of a period
// (okr.PeriodStages): it ends in 7 days (to the owners of key results not
// yet graded), it has ended and grading is open (to everyone), the next
// one starts in 14 days (to everyone).
type PeriodRun struct {
	OrgID    int64  `json:"org" river:"unique"`
	PeriodID int64  `json:"period" river:"unique"`
	Stage    string `json:"stage" river:"unique"`
}

// Kind names the job for river.
func (PeriodRun) Kind() string { return "rhythm_period" }

type periodWorker struct {
	river.WorkerDefaults[PeriodRun]
	s *Server
}

func (w *periodWorker) Work(ctx context.Context, j *river.Job[PeriodRun]) error {
	return w.s.sendPeriodMails(ctx, j.Args)
}

// tickPeriods queues the period milestones due now.
func (s *Server) tickPeriods(ctx context.Context, org okr.Org) error {
	periods, err := s.DB.ListPeriods(ctx, org.ID)
	if err != nil {
		return err
	}
	for _, p := range periods {
		for _, stage := range okr.PeriodStages(&p, s.now(), org.Settings.Location()) {
			run := PeriodRun{OrgID: org.ID, PeriodID: p.ID, Stage: stage}
			if _, err := s.DB.Enqueue(ctx, run, store.JobOpts{OrgID: org.ID, Unique: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Server) sendPeriodMails(ctx context.Context, run PeriodRun) error {
	snap, err := s.snapshot(ctx, run.OrgID, s.now(), func(p okr.Period) bool { return p.ID == run.PeriodID })
	if err != nil {
		return err
	}
	period, ok := snap.periods[run.PeriodID]
	if !ok {
		return nil // archived since
	}
	to := map[int64][]okr.KeyResult{}
	if run.Stage == okr.StageEndsSoon {
		for _, kr := range snap.krs {
			if kr.Score != nil {
				continue
			}
			o := snap.objs[kr.ObjectiveID]
			for _, id := range okr.CheckInOwners(&kr, &o, snap.leads) {
				to[id] = append(to[id], kr)
			}
		}
	} else {
		for id := range snap.people {
			to[id] = nil
		}
	}
	for id, krs := range to {
		person := snap.people[id]
		if person.ID == 0 || person.Archived || !person.Notify.WantsEmail(okr.NotifyPeriod) || !s.mailOn() {
			continue
		}
		if err := s.queuePeriodMail(ctx, snap, period, run.Stage, person, krs); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) queuePeriodMail(ctx context.Context, snap *orgSnapshot, period okr.Period, stage string, person okr.Person, krs []okr.KeyResult) error {
	l := s.mailLocalizer(person, snap.org)
	pid := strconv.FormatInt(period.ID, 10)
	m := rhythmMail{Lang: l.Lang, Greeting: l.T("mail.hello", "Name", person.Name),
		Subject: l.T("rhythm.period_"+stage+"_subject", "Period", period.Name, "Org", snap.org.Name),
		Lines:   []string{l.T("rhythm.period_"+stage+"_body", "Period", period.Name, "End", l.Date(period.End), "Start", l.Date(period.Start))},
		Button:  l.T("rhythm.period_" + stage + "_button"), Link: s.mailURL("/review?period=" + pid),
		Footer: l.T("rhythm.footer", "Org", snap.org.Name), SettingsLabel: l.T("rhythm.settings_link"), SettingsLink: s.mailURL("/profile")}
	if stage == okr.StagePlanNext {
		m.Link = s.mailURL("/objectives/new?period=" + pid)
	}
	if len(krs) > 0 {
		slices.SortFunc(krs, func(a, b okr.KeyResult) int { return int(a.ID - b.ID) })
		var items []mailItem
		for _, kr := range krs {
			o := snap.objs[kr.ObjectiveID]
			items = append(items, mailItem{Title: kr.Title, Detail: o.Title,
				Link: s.mailURL("/review/" + pid + "/objectives/" + strconv.FormatInt(o.ID, 10))})
		}
		m.Sections = []mailSection{{Heading: l.T("rhythm.period_grade_heading"), Items: items}}
	}
	msg, err := m.render()
	if err != nil {
		return err
	}
	key := fmt.Sprintf("period:%d:%d:%s:%d", snap.org.ID, period.ID, stage, person.ID)
	_, err = s.enqueueMail(ctx, snap.org.ID, MailJob{Key: key, To: person.Email, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML})
	return err
}
