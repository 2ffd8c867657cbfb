package web

import (
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/store"
)

// jobsData is the admin page of background jobs: the organisation's
// failing jobs with their last error, and the most recent jobs.
type jobsData struct {
	Failing []store.Job
	Recent  []store.Job
}

func (s *Server) adminJobsPage(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.jobs_title", nil)
	d := &jobsData{}
	var err error
	if d.Failing, err = s.DB.Jobs(r.Context(), v.Org.ID, store.JobFilter{Failing: true, Limit: 50}); err != nil {
		return err
	}
	if d.Recent, err = s.DB.Jobs(r.Context(), v.Org.ID, store.JobFilter{Limit: 50}); err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, AdminJobsPage(p, d))
}

// retryJob runs one of the organisation's jobs again now.
func (s *Server) retryJob(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "", nil)
	if _, err := s.parseForm(r, p); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	if _, err := s.DB.RetryJob(r.Context(), v.Actor(), id); err != nil {
		return err
	}
	s.setNotice(r, "admin.jobs_retried")
	http.Redirect(w, r, "/admin/jobs", http.StatusSeeOther)
	return nil
}

// jobKindKey is the message that names a kind of job.
func jobKindKey(kind string) string { return "admin.job_kind." + kind }
