package ops

import (
	"crypto/subtle"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics of one server, on a registry of its
// own (so that tests can run several servers in one process). Every name
// starts with okr_; the Go runtime's and the process's are there too
// (go_…, process_…).
type Metrics struct {
	Registry *prometheus.Registry

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge

	jobsRunning  *prometheus.GaugeVec
	jobsDuration *prometheus.HistogramVec
	jobErrors    *prometheus.CounterVec
}

// latencyBuckets reach from a millisecond (a cached page) to ten seconds
// (a request that waited for the database).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewMetrics returns the metrics on a new registry with the Go runtime and
// process collectors.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "okr_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status class.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "okr_http_request_duration_seconds",
			Help:    "Time from a request's arrival to the end of its answer, by method, route pattern and status class.",
			Buckets: latencyBuckets,
		}, []string{"method", "route", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "okr_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		jobsRunning: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "okr_background_jobs_running",
			Help: "Background jobs running (work a request left behind, e.g. e-mail), by job.",
		}, []string{"job"}),
		jobsDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "okr_background_job_duration_seconds",
			Help:    "Time background jobs took, by job; its _count is the jobs finished.",
			Buckets: []float64{.01, .05, .1, .5, 1, 5, 10, 30, 60},
		}, []string{"job"}),
		jobErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "okr_background_job_errors_total",
			Help: "Background jobs that failed, by job.",
		}, []string{"job"}),
	}
	reg.MustRegister(m.requests, m.duration, m.inFlight, m.jobsRunning, m.jobsDuration, m.jobErrors,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe counts one answered request.
func (m *Metrics) observe(method, route string, status int, d time.Duration) {
	method = methodLabel(method)
	class := statusClass(status)
	m.requests.WithLabelValues(method, route, class).Inc()
	m.duration.WithLabelValues(method, route, class).Observe(d.Seconds())
}

// methodLabel keeps the method label bounded: the standard methods, else
// OTHER.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// Job notes the start of a background job and returns the function that
// notes its end (with its error, nil for success).
func (m *Metrics) Job(name string) (done func(err error)) {
	if m == nil {
		return func(error) {}
	}
	start := time.Now()
	running := m.jobsRunning.WithLabelValues(name)
	running.Inc()
	return func(err error) {
		running.Dec()
		m.jobsDuration.WithLabelValues(name).Observe(time.Since(start).Seconds())
		if err != nil {
			m.jobErrors.WithLabelValues(name).Inc()
		}
	}
}

// JobFailed counts a failure of a job that runs by itself (a periodic
// clean-up), outside Job.
func (m *Metrics) JobFailed(name string) {
	if m != nil {
		m.jobErrors.WithLabelValues(name).Inc()
	}
}

// Handler serves the metrics in the Prometheus text format (OpenMetrics
// when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{EnableOpenMetrics: true})
}

// Protected serves h only to requests with "Authorization: Bearer token"
// (compared in constant time); others get 401.
func Protected(token string, h http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("Authorization")
		if scheme, rest, ok := strings.Cut(got, " "); ok && strings.EqualFold(scheme, "Bearer") {
			got = "Bearer " + strings.TrimSpace(rest)
		}
		if subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="okr metrics"`)
			http.Error(w, "Send the metrics token: Authorization: Bearer …", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Pool is one database connection pool's statistics.
type Pool struct {
	Name  string // "read", "write" (SQLite) or "main" (PostgreSQL)
	Stats sql.DBStats
}

// CacheStats is one cache's statistics.
type CacheStats struct {
	Name                    string
	Entries                 int
	Bytes, Budget           int64
	Hits, Misses, Evictions uint64
}

// RegisterPools exports the statistics of the database pools pools
// returns on each scrape.
func (m *Metrics) RegisterPools(pools func() []Pool) {
	m.Registry.MustRegister(&poolCollector{pools: pools})
}

// RegisterCaches exports the statistics of the caches caches returns on
// each scrape.
func (m *Metrics) RegisterCaches(caches func() []CacheStats) {
	m.Registry.MustRegister(&cacheCollector{caches: caches})
}

var (
	poolOpen        = prometheus.NewDesc("okr_db_open_connections", "Open connections of the database pool (in use and idle).", []string{"pool"}, nil)
	poolInUse       = prometheus.NewDesc("okr_db_in_use_connections", "Connections of the database pool in use.", []string{"pool"}, nil)
	poolIdle        = prometheus.NewDesc("okr_db_idle_connections", "Idle connections of the database pool.", []string{"pool"}, nil)
	poolMax         = prometheus.NewDesc("okr_db_max_open_connections", "The pool's bound on open connections (0: none).", []string{"pool"}, nil)
	poolWaits       = prometheus.NewDesc("okr_db_waits_total", "Times a request waited for a free connection.", []string{"pool"}, nil)
	poolWaitSeconds = prometheus.NewDesc("okr_db_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"}, nil)
	poolClosedIdle  = prometheus.NewDesc("okr_db_closed_max_idle_total", "Connections closed because the pool had too many idle ones.", []string{"pool"}, nil)
	poolClosedLife  = prometheus.NewDesc("okr_db_closed_max_lifetime_total", "Connections closed because they reached their lifetime or idle time.", []string{"pool"}, nil)

	cacheHits      = prometheus.NewDesc("okr_cache_hits_total", "Cache reads answered from the cache.", []string{"cache"}, nil)
	cacheMisses    = prometheus.NewDesc("okr_cache_misses_total", "Cache reads that found nothing valid (absent or stale).", []string{"cache"}, nil)
	cacheEvictions = prometheus.NewDesc("okr_cache_evictions_total", "Values dropped to stay within the cache's budget.", []string{"cache"}, nil)
	cacheBytes     = prometheus.NewDesc("okr_cache_bytes", "Approximate bytes the cache holds.", []string{"cache"}, nil)
	cacheBudget    = prometheus.NewDesc("okr_cache_budget_bytes", "The cache's bound in bytes.", []string{"cache"}, nil)
	cacheEntries   = prometheus.NewDesc("okr_cache_entries", "Values the cache holds.", []string{"cache"}, nil)
)

type poolCollector struct{ pools func() []Pool }

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolInUse, poolIdle, poolMax, poolWaits, poolWaitSeconds, poolClosedIdle, poolClosedLife} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range c.pools() {
		s := p.Stats
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse), p.Name)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.Idle), p.Name)
		ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxOpenConnections), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaitSeconds, prometheus.CounterValue, s.WaitDuration.Seconds(), p.Name)
		ch <- prometheus.MustNewConstMetric(poolClosedIdle, prometheus.CounterValue, float64(s.MaxIdleClosed), p.Name)
		ch <- prometheus.MustNewConstMetric(poolClosedLife, prometheus.CounterValue, float64(s.MaxLifetimeClosed+s.MaxIdleTimeClosed), p.Name)
	}
}

type cacheCollector struct{ caches func() []CacheStats }

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{cacheHits, cacheMisses, cacheEvictions, cacheBytes, cacheBudget, cacheEntries} {
		ch <- d
	}
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	for _, s := range c.caches() {
		ch <- prometheus.MustNewConstMetric(cacheHits, prometheus.CounterValue, float64(s.Hits), s.Name)
		ch <- prometheus.MustNewConstMetric(cacheMisses, prometheus.CounterValue, float64(s.Misses), s.Name)
		ch <- prometheus.MustNewConstMetric(cacheEvictions, prometheus.CounterValue, float64(s.Evictions), s.Name)
		ch <- prometheus.MustNewConstMetric(cacheBytes, prometheus.GaugeValue, float64(s.Bytes), s.Name)
		ch <- prometheus.MustNewConstMetric(cacheBudget, prometheus.GaugeValue, float64(s.Budget), s.Name)
		ch <- prometheus.MustNewConstMetric(cacheEntries, prometheus.GaugeValue, float64(s.Entries), s.Name)
	}
}
