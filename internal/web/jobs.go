package web

import (
	"github.com/riverqueue/river"

	"github.com/okr-dev/okr/internal/jobs"
)

// JobConfig returns the kinds of background jobs the server's work needs
// (reminders, digests, deliveries) for jobs.Start. Each area adds its
// workers and periodic jobs here; their jobs read the server's clock
// (s.Now), mailer and base URL.
func (s *Server) JobConfig() jobs.Config {
	if err := s.setup(); err != nil {
		panic(err) // the embedded files are covered by tests
	}
	w := river.NewWorkers()
	river.AddWorker(w, &mailWorker{s: s})
	var periodic []*river.PeriodicJob
	periodic = append(periodic, s.socialWorkers(w)...)
	periodic = append(periodic, s.addRhythmJobs(w)...)
	return jobs.Config{Workers: w, Periodic: periodic, Log: s.Log}
}
