package web

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/notify"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// The background work of comments, notifications and deliveries (the job
// arguments are the store's: store/jobs_social.go). A write that stored
// events queues a FanOutJob in its transaction; the fan-out makes the
// notifications and queues, in its own transaction, a DeliveryJob per
// hook and a NotificationMailJob per person who chose e-mail. Failed
// deliveries and e-mails are retried with the engine's backoff.

// fanOutBatch is how many events one pass of a fan-out job takes.
const fanOutBatch = 200

// socialWorkers adds the workers of comments, notifications and
// deliveries to w, and returns the periodic sweep.
func (s *Server) socialWorkers(w *river.Workers) []*river.PeriodicJob {
	river.AddWorker(w, &fanOutWorker{s: s})
	river.AddWorker(w, &sweepWorker{s: s})
	river.AddWorker(w, &deliveryWorker{s: s})
	river.AddWorker(w, &notificationMailWorker{s: s})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(5*time.Minute),
		func() (river.JobArgs, *river.InsertOpts) { return store.SweepJob{}, nil }, nil)}
}

// fanOut fans out the organisation's waiting events (every
// organisation's for 0) until none is left but those another fan-out
// holds: that one finishes them, and if it fails they wait for the
// periodic sweep. Asking whether events wait instead counted the held
// ones too, and concurrent fan-outs on PostgreSQL spun on each other's
// events (11,600 claims and counts in ten seconds of the load test's mix).
func (s *Server) fanOut(ctx context.Context, orgID int64) error {
	for {
		r, err := s.DB.FanOut(ctx, s.BaseURL, orgID, fanOutBatch)
		if err != nil || r.Events < fanOutBatch {
			return err
		}
	}
}

type fanOutWorker struct {
	river.WorkerDefaults[store.FanOutJob]
	s *Server
}

func (w *fanOutWorker) Work(ctx context.Context, j *river.Job[store.FanOutJob]) error {
	return w.s.fanOut(ctx, j.Args.OrgID)
}

type sweepWorker struct {
	river.WorkerDefaults[store.SweepJob]
	s *Server
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[store.SweepJob]) error {
	return w.s.fanOut(ctx, 0)
}

// deliveryWorker makes one attempt of a delivery per run; the last run
// marks it failed.
type deliveryWorker struct {
	river.WorkerDefaults[store.DeliveryJob]
	s *Server
}

func (w *deliveryWorker) Work(ctx context.Context, j *river.Job[store.DeliveryJob]) error {
	err := w.s.sender().Attempt(ctx, j.Args.DeliveryID, j.Attempt >= j.MaxAttempts)
	if errors.Is(err, notify.ErrPermanent) {
		return river.JobCancel(err)
	}
	return err
}

// sender is the server's delivery sender.
func (s *Server) sender() *notify.Sender {
	if err := s.setup(); err != nil {
		panic(err) // the embedded files are covered by tests
	}
	return &notify.Sender{DB: s.DB, I18n: s.i18n, Now: s.now}
}

// notificationMailWorker writes the e-mail of a notification in the
// person's language and queues it as a MailJob (sent, retried and shown
// to admins like every e-mail).
type notificationMailWorker struct {
	river.WorkerDefaults[store.NotificationMailJob]
	s *Server
}

func (w *notificationMailWorker) Work(ctx context.Context, j *river.Job[store.NotificationMailJob]) error {
	s := w.s
	if !s.mailOn() {
		return river.JobCancel(errMailOff)
	}
	orgID := j.Args.OrgID
	person, err := s.DB.GetPerson(ctx, orgID, j.Args.PersonID)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return river.JobCancel(err)
	} else if err != nil {
		return err
	}
	if person.Archived || person.Email == "" {
		return nil
	}
	body, err := s.DB.EventPayload(ctx, orgID, j.Args.EventID)
	if err != nil {
		return err
	}
	p, err := event.Decode(body)
	if err != nil {
		return river.JobCancel(err)
	}
	m, err := s.notificationMail(ctx, orgID, person, p, j.Args.Why)
	if err != nil {
		return err
	}
	_, err = s.enqueueMail(ctx, orgID, MailJob{Key: j.Args.Key, To: person.Email, Subject: m.Subject, Text: m.Text, HTML: m.HTML})
	return err
}

// notificationMail writes the e-mail telling person of p, because of why
// (a notification kind), in their language (else the organisation's).
func (s *Server) notificationMail(ctx context.Context, orgID int64, person okr.Person, p *event.Payload, why string) (mailMessage, error) {
	org, err := s.DB.GetOrg(ctx, orgID)
	if err != nil {
		return mailMessage{}, err
	}
	lang := person.Language
	if lang == "" {
		lang = org.Settings.Language
	}
	l := s.i18n.Localizer(lang)
	summary := notify.Summary(l, p)
	lines := []string{summary}
	if d := notify.Detail(l, p); d != "" {
		lines = append(lines, d)
	}
	m := linkMail{
		Greeting: l.T("mail.hello", "Name", person.Name),
		Lines:    lines,
		Button:   l.T("notify.open"),
		Link:     s.mailURL(string(localLink(notify.Link(p)))),
		Expires:  l.T("notify.mail_why_"+why) + " " + l.T("notify.mail_choices", "URL", s.mailURL("/profile")),
		Footer:   l.T("mail.footer", "Org", org.Name),
	}
	return m.render(summary)
}
