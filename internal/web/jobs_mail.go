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

func (w *mailWorker) Work(ctx context.Context, j *river.Job[MailJob]) error {
	if !w.s.mailOn() {
		return river.JobCancel(errMailOff)
	}
	m := j.Args
	return w.s.Mail.Send(ctx, m.To, m.Subject, m.Text, m.HTML)
}

// enqueueMail queues m for the organisation, once per key.
func (s *Server) enqueueMail(ctx context.Context, orgID int64, m MailJob) (bool, error) {
	return s.DB.Enqueue(ctx, m, store.JobOpts{OrgID: orgID, Unique: m.Key != ""})
}
