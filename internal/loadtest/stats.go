package loadtest

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// recorder collects the latency of every request by endpoint. Workers add
// to their own recorder; merge combines them at the end.
type recorder struct {
	lat    map[string][]time.Duration
	errs   map[string]int
	sample map[string]string // the first error of each endpoint
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, sample: map[string]string{}}
}

func (r *recorder) add(endpoint string, d time.Duration, err error) {
	r.lat[endpoint] = append(r.lat[endpoint], d)
	if err != nil {
		r.errs[endpoint]++
		if _, ok := r.sample[endpoint]; !ok {
			r.sample[endpoint] = err.Error()
		}
	}
}

func (r *recorder) merge(o *recorder) {
	for k, v := range o.lat {
		r.lat[k] = append(r.lat[k], v...)
	}
	for k, v := range o.errs {
		r.errs[k] += v
	}
	for k, v := range o.sample {
		if _, ok := r.sample[k]; !ok {
			r.sample[k] = v
		}
	}
}

// Row is one endpoint's figures.
type Row struct {
	Endpoint           string
	Count, Errors      int
	PerSecond          float64
	P50, P95, P99, Max time.Duration
}

// Report is the outcome of a run.
type Report struct {
	Dialect     string
	Duration    time.Duration
	Concurrency int
	Rows        []Row // by endpoint name
	Total       Row
	PeakRSS     int64 // bytes, VmHWM of the server; 0 when unknown
	// ServerCPU is the CPU time the server process used while measured
	// (user and system; 0 when unknown): divided by the requests, a cost
	// that noise from the machine's other work moves far less than the
	// throughput. The database's own processes are not in it.
	ServerCPU   time.Duration
	ErrorSample map[string]string
	// EventsWaiting is how many of the organisation's events waited to fan
	// out (notifications, e-mail, hooks) when the run ended, -1 when
	// unknown: work a write left for later, which a throughput that grew
	// by leaving more of it would hide.
	EventsWaiting int
}

func (r *recorder) report(elapsed time.Duration) (rows []Row, total Row) {
	var all []time.Duration
	names := make([]string, 0, len(r.lat))
	for k := range r.lat {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		row := summarize(k, r.lat[k], r.errs[k], elapsed)
		rows = append(rows, row)
		all = append(all, r.lat[k]...)
		total.Errors += row.Errors
	}
	total = summarize("total", all, total.Errors, elapsed)
	return rows, total
}

func summarize(name string, lat []time.Duration, errs int, elapsed time.Duration) Row {
	slices.Sort(lat)
	row := Row{Endpoint: name, Count: len(lat), Errors: errs}
	if len(lat) == 0 {
		return row
	}
	row.PerSecond = float64(len(lat)) / elapsed.Seconds()
	row.P50, row.P95, row.P99 = pct(lat, 0.50), pct(lat, 0.95), pct(lat, 0.99)
	row.Max = lat[len(lat)-1]
	return row
}

// pct returns the q-quantile of sorted by the nearest-rank method.
func pct(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(len(sorted)-1, i))]
}

// Write prints the report as a table with the budgets below it.
func (rep *Report) Write(w io.Writer) {
	fmt.Fprintf(w, "%s, %d connections, %v measured\n\n", rep.Dialect, rep.Concurrency, rep.Duration.Round(time.Second))
	fmt.Fprintf(w, "%-22s %8s %8s %9s %9s %9s %9s %7s\n", "endpoint", "requests", "req/s", "p50", "p95", "p99", "max", "errors")
	line := func(r Row) {
		fmt.Fprintf(w, "%-22s %8d %8.1f %9s %9s %9s %9s %7d\n", r.Endpoint, r.Count, r.PerSecond, ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.Errors)
	}
	for _, r := range rep.Rows {
		line(r)
	}
	fmt.Fprintln(w, strings.Repeat("-", 88))
	line(rep.Total)
	if rep.PeakRSS > 0 {
		fmt.Fprintf(w, "\nserver peak RSS (VmHWM): %.0f MB\n", float64(rep.PeakRSS)/(1<<20))
	}
	if rep.ServerCPU > 0 && rep.Total.Count > 0 {
		fmt.Fprintf(w, "server CPU: %.1f s measured, %.0f µs a request\n", rep.ServerCPU.Seconds(),
			float64(rep.ServerCPU.Microseconds())/float64(rep.Total.Count))
	}
	if rep.EventsWaiting >= 0 {
		fmt.Fprintf(w, "events waiting to fan out at the end: %d\n", rep.EventsWaiting)
	}
	for k, v := range rep.ErrorSample {
		fmt.Fprintf(w, "first error of %s: %s\n", k, v)
	}
	fmt.Fprintln(w)
	for _, b := range rep.Budgets() {
		fmt.Fprintln(w, b)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// row returns the figures of an endpoint.
func (rep *Report) row(name string) (Row, bool) {
	for _, r := range rep.Rows {
		if r.Endpoint == name {
			return r, true
		}
	}
	return Row{}, false
}

// Budgets checks the figures against the budgets of docs/performance.md
// and returns one line per budget, starting with PASS or FAIL.
func (rep *Report) Budgets() []string {
	var out []string
	check := func(name, what string, got, limit time.Duration) {
		if _, ok := rep.row(name); !ok {
			return
		}
		verdict := "PASS"
		if got >= limit {
			verdict = "FAIL"
		}
		out = append(out, fmt.Sprintf("%s  %-34s %s, budget < %s", verdict, name+" "+what, ms(got), ms(limit)))
	}
	for _, b := range []struct {
		name, what string
		p99        bool
		limit      time.Duration
	}{
		{epObjectivePage, "p99", true, 10 * time.Millisecond},
		{epObjectiveAPI, "p99", true, 10 * time.Millisecond},
		{epTeamPage, "p95", false, 50 * time.Millisecond},
		{epTeamAPI, "p95", false, 50 * time.Millisecond},
		{epDepartmentPage, "p95", false, 50 * time.Millisecond},
		{epAlignment, "p95", false, 100 * time.Millisecond},
		{epCheckIn, "p99", true, 25 * time.Millisecond},
	} {
		r, _ := rep.row(b.name)
		got := r.P95
		if b.p99 {
			got = r.P99
		}
		check(b.name, b.what, got, b.limit)
	}
	min := 3000.0
	if rep.Dialect == "postgres" {
		min = 1500
	}
	verdict := "PASS"
	if rep.Total.PerSecond < min || rep.Total.Errors > 0 {
		verdict = "FAIL"
	}
	out = append(out, fmt.Sprintf("%s  %-34s %.0f req/s with %d errors, budget ≥ %.0f with none", verdict, "sustained mix", rep.Total.PerSecond, rep.Total.Errors, min))
	if rep.PeakRSS > 0 {
		verdict = "PASS"
		if rep.PeakRSS >= 300<<20 {
			verdict = "FAIL"
		}
		out = append(out, fmt.Sprintf("%s  %-34s %.0f MB, budget < 300 MB", verdict, "server peak RSS", float64(rep.PeakRSS)/(1<<20)))
	}
	return out
}

// collector hands out per-worker recorders and merges them.
type collector struct {
	mu   sync.Mutex
	recs []*recorder
}

func (c *collector) newRecorder() *recorder {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := newRecorder()
	c.recs = append(c.recs, r)
	return r
}

func (c *collector) merged() *recorder {
	out := newRecorder()
	for _, r := range c.recs {
		out.merge(r)
	}
	return out
}
