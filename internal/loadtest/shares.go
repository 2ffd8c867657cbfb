package loadtest

import (
	"fmt"
	"io"
	"strings"
)

// A Share is one endpoint's capacity, driven alone, as a share of the
// ceiling it is measured against (ceiling.go), with its budget.
type Share struct {
	Endpoint  string
	Ceiling   string
	Budget    float64 // the least share that passes, 0–1
	PerSecond float64 // the endpoint alone
	Errors    int
	// EventsWaiting is how many events waited to fan out when the endpoint
	// stopped, -1 when unknown: a check-in's rate that left more of them
	// behind is not all capacity.
	EventsWaiting int
}

// Alone lists the endpoints a ceiling run drives alone, each with the
// ceiling it is read against and its budget (issue 11, docs/performance.md).
func Alone() []Share {
	return []Share{
		{Endpoint: epObjectiveAPI, Ceiling: CeilingSelect, Budget: 0.50},
		{Endpoint: epObjectivePage, Ceiling: CeilingSelect, Budget: 0.35},
		{Endpoint: epTeamAPI, Ceiling: CeilingSelect, Budget: 0.30},
		{Endpoint: epTeamPage, Ceiling: CeilingSelect, Budget: 0.20},
		{Endpoint: epCheckInOne, Ceiling: CeilingInsert, Budget: 0.50},
		{Endpoint: epCheckIn, Ceiling: CeilingInsert, Budget: 0.30},
	}
}

// Ceilings lists the ceilings in the order a run measures them.
func Ceilings() []string { return []string{CeilingJSON, CeilingSelect, CeilingInsert} }

// CeilingReport is a ceiling run: each ceiling (the mean of its
// measurements before and after the endpoints), each endpoint alone as a
// share of its ceiling, and the mix.
type CeilingReport struct {
	Dialect  string
	Ceiling  map[string][]float64 // req/s of each measurement
	Shares   []Share
	Mix      *Report
	PeakRSS  int64
	Duration string
}

// CeilingOf returns the mean of a ceiling's measurements.
func (c *CeilingReport) CeilingOf(name string) float64 {
	v := c.Ceiling[name]
	if len(v) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

// Write prints the ceilings, the shares with their budgets, and the mix.
func (c *CeilingReport) Write(w io.Writer) {
	fmt.Fprintf(w, "%s, each alone for %s\n\n", c.Dialect, c.Duration)
	fmt.Fprintf(w, "%-22s %10s   %s\n", "ceiling", "req/s", "measurements")
	for _, name := range Ceilings() {
		var each []string
		for _, x := range c.Ceiling[name] {
			each = append(each, fmt.Sprintf("%.0f", x))
		}
		fmt.Fprintf(w, "%-22s %10.0f   %s\n", name, c.CeilingOf(name), strings.Join(each, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-22s %9s  %-18s %7s %7s  %s\n", "endpoint alone", "req/s", "of ceiling", "share", "budget", "verdict")
	for _, s := range c.Shares {
		share := 0.0
		if ceil := c.CeilingOf(s.Ceiling); ceil > 0 {
			share = s.PerSecond / ceil
		}
		verdict := "PASS"
		if share < s.Budget || s.Errors > 0 {
			verdict = "FAIL"
		}
		errs := ""
		if s.Errors > 0 {
			errs = fmt.Sprintf(" (%d errors)", s.Errors)
		}
		if s.EventsWaiting > 0 {
			errs += fmt.Sprintf(" (%d events waiting to fan out)", s.EventsWaiting)
		}
		fmt.Fprintf(w, "%-22s %9.0f  %-18s %6.0f%% %6.0f%%  %s%s\n", s.Endpoint, s.PerSecond, s.Ceiling, share*100, s.Budget*100, verdict, errs)
	}
	if c.Mix != nil {
		fmt.Fprintln(w, "\nThe mix:")
		c.Mix.Write(w)
	}
}
