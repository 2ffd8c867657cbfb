package web

import (
	"context"
	"errors"

	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/store"
)

// MailJob is one e-mail to send in the background: rendered when it is
// queued (in the recipient's language), sent by whichever node works it,
// tried again with backoff while the SMTP server fails. Key is its
// idempotency key: queued with store.JobOpts{Unique: true}, one key is
// one e-mail (for example "reminder:<person>:<week>").
type MailJob struct {
	Key     string `json:"key" river:"unique"`
	OrgID   int64  `json:"org"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html,omitempty"`
}

// Kind names the job for river.
func (MailJob) Kind() string { return "mail" }

// mailWorker sends MailJobs through the server's mailer.
type mailWorker struct {
	river.WorkerDefaults[MailJob]
	s *Server
}

// errMailOff cancels a mail job when e-mail is not configured: trying
// again would not help until an operator sets --smtp and --base-url.
var errMailOff = errors.New("e-mail is off: okr serve has no --smtp or no --base-url")

// keyedMailer is a Mailer that gives a message the Message-ID of its
// idempotency key (smtpMailer).
type keyedMailer interface {
	SendKeyed(ctx context.Context, key, to, subject, text, html string) error
}

// Work sends the e-mail once per key: a key recorded as sent
// (store.MarkSent) is not sent again, also when the job itself runs again
// (a node died after sending, before the job was marked done). Between
// the SMTP server's "accepted" and the record lies one statement; a crash
// exactly there sends again, with the same Message-ID.
func (w *mailWorker) Work(ctx context.Context, j *river.Job[MailJob]) error {
	if !w.s.mailOn() {
		return river.JobCancel(errMailOff)
	}
	m := j.Args
	if m.Key == "" {
		return w.s.Mail.Send(ctx, m.To, m.Subject, m.Text, m.HTML)
	}
	if sent, err := w.s.DB.MessageSent(ctx, m.Key); err != nil || sent {
		return err
	}
	var err error
	if km, ok := w.s.Mail.(keyedMailer); ok {
		err = km.SendKeyed(ctx, m.Key, m.To, m.Subject, m.Text, m.HTML)
	} else {
		err = w.s.Mail.Send(ctx, m.To, m.Subject, m.Text, m.HTML)
	}
	if err != nil {
		return err
	}
	return w.s.DB.MarkSent(context.WithoutCancel(ctx), m.OrgID, m.Key)
}

// enqueueMail queues m for the organisation, once per key.
func (s *Server) enqueueMail(ctx context.Context, orgID int64, m MailJob) (bool, error) {
	m.OrgID = orgID
	return s.DB.Enqueue(ctx, m, store.JobOpts{OrgID: orgID, Unique: m.Key != ""})
}
