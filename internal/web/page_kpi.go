package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/chart"
)

// kpiHistory is how far back the KPI pages read readings: a year shows the
// trend without reading a KPI's whole history.
const kpiHistory = 366 * 24 * time.Hour

// KPIState is how a KPI's latest reading stands against its thresholds.
type KPIState string

const (
	KPIOK       KPIState = "ok"
	KPIWarn     KPIState = "warn"
	KPICritical KPIState = "critical"
	KPINoData   KPIState = "none"
)

// kpiState places value against the KPI's thresholds: for higher-is-better
// a value below Critical is critical and below Warn a warning; reversed for
// lower-is-better.
func kpiState(k *okr.KPI, value float64) KPIState {
	worse := func(limit *float64) bool {
		if limit == nil {
			return false
		}
		if k.Direction == okr.LowerIsBetter {
			return value > *limit
		}
		return value < *limit
	}
	switch {
	case worse(k.Critical):
		return KPICritical
	case worse(k.Warn):
		return KPIWarn
	}
	return KPIOK
}

// kpiInterval is how often a KPI is expected to be read.
func kpiInterval(f okr.Frequency) time.Duration {
	day := 24 * time.Hour
	switch f {
	case okr.Daily:
		return day
	case okr.Monthly:
		return 31 * day
	case okr.Quarterly:
		return 92 * day
	}
	return 7 * day
}

// kpiStale reports whether a KPI last read at last is overdue at now: more
// than one and a half of its intervals have passed.
func kpiStale(f okr.Frequency, last, now time.Time) bool {
	return now.Sub(last) > kpiInterval(f)*3/2
}

// KPIView is a KPI with what the pages show about it.
type KPIView struct {
	K        okr.KPI
	Owner    view.Owner
	Values   []okr.KPIValue // oldest first
	Last     *okr.KPIValue
	Previous *okr.KPIValue
	State    KPIState
	Stale    bool
	Spark    templ.Component
	CanEdit  bool
}

// Change is the difference between the last two readings.
func (k *KPIView) Change() float64 {
	if k.Last == nil || k.Previous == nil {
		return 0
	}
	return k.Last.Value - k.Previous.Value
}

// HasChange reports whether there are two readings to compare.
func (k *KPIView) HasChange() bool { return k.Last != nil && k.Previous != nil }

// kpisData is the KPI list.
type kpisData struct {
	KPIs      []*KPIView
	CanCreate bool
	Counts    map[string]int
	StaleN    int
	Archived  bool // showing the archived ones
}

func (s *Server) kpisPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	p := s.newPage(r, "kpis", "kpi.title", nil)
	archived := r.URL.Query().Get("archived") == "1"
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	all, err := s.DB.ListKPIs(ctx, v.Org.ID, archived)
	if err != nil {
		return err
	}
	var kpis []okr.KPI
	for _, k := range all {
		if k.Archived == archived {
			kpis = append(kpis, k)
		}
	}
	views, err := s.kpiViews(ctx, p, dir, kpis)
	if err != nil {
		return err
	}
	data := &kpisData{KPIs: views, Counts: map[string]int{}, Archived: archived}
	for _, k := range views {
		data.Counts[string(k.State)]++
		if k.Stale {
			data.StaleN++
		}
	}
	data.CanCreate = v.IsAdmin() || ledUnits(dir, v.Person.ID) > 0
	return s.page(w, r, http.StatusOK, p, KPIsPage(p, data))
}

// ledUnits counts the units the person leads.
func ledUnits(dir *view.Directory, personID int64) int {
	n := 0
	for _, u := range dir.Units {
		if containsID(u.LeadIDs, personID) {
			n++
		}
	}
	return n
}

// kpiViews reads the readings of the KPIs of the last year in one query
// and computes their state, staleness and sparkline. Edit rights follow the
// store's rule (admins, and leads of the owner unit or a unit above it),
// computed from the directory rather than asked per KPI.
func (s *Server) kpiViews(ctx context.Context, p *Page, dir *view.Directory, kpis []okr.KPI) ([]*KPIView, error) {
	ids := make([]int64, len(kpis))
	for i := range kpis {
		ids[i] = kpis[i].ID
	}
	since := p.Now.Add(-kpiHistory)
	values, err := s.DB.ListKPIValues(ctx, p.Viewer.Org.ID, ids, &since)
	if err != nil {
		return nil, err
	}
	byKPI := map[int64][]okr.KPIValue{}
	for _, val := range values {
		byKPI[val.KPIID] = append(byKPI[val.KPIID], val)
	}
	out := make([]*KPIView, len(kpis))
	for i := range kpis {
		k := &KPIView{K: kpis[i], State: KPINoData, Values: byKPI[kpis[i].ID]}
		sort.SliceStable(k.Values, func(a, b int) bool { return k.Values[a].At.Before(k.Values[b].At) })
		if k.K.OwnerUnitID != nil {
			k.Owner = dir.Owner(okr.Owner{UnitID: k.K.OwnerUnitID})
			k.CanEdit = dir.Leads(p.Viewer.Person.ID, dir.Units[*k.K.OwnerUnitID])
		}
		k.CanEdit = k.CanEdit || p.Viewer.IsAdmin()
		if n := len(k.Values); n > 0 {
			k.Last = &k.Values[n-1]
			if n > 1 {
				k.Previous = &k.Values[n-2]
			}
			k.State = kpiState(&k.K, k.Last.Value)
			k.Stale = kpiStale(k.K.Frequency, k.Last.At, p.Now)
		}
		k.Spark = p.kpiSpark(k)
		out[i] = k
	}
	return out, nil
}

// kpiSpark draws the KPI's trend with its warning threshold; its title and
// description say the trend in words.
func (p *Page) kpiSpark(k *KPIView) templ.Component {
	sp := chart.Spark{Title: p.L.T("kpi.spark_title", "Name", k.K.Name), Desc: k.spark(p), Warn: k.K.Warn}
	for _, v := range k.Values {
		sp.Points = append(sp.Points, chart.Point{At: v.At, Value: v.Value})
	}
	return sp.SVG()
}

// Thresholds says the KPI's thresholds in words: "warning below 3 800,
// critical below 3 000".
func (p *Page) Thresholds(k *okr.KPI) string {
	lower := k.Direction == okr.LowerIsBetter
	var key string
	switch {
	case k.Warn != nil && k.Critical != nil && lower:
		key = "kpi.thr_both_above"
	case k.Warn != nil && k.Critical != nil:
		key = "kpi.thr_both_below"
	case k.Warn != nil && lower:
		key = "kpi.thr_warn_above"
	case k.Warn != nil:
		key = "kpi.thr_warn_below"
	case k.Critical != nil && lower:
		key = "kpi.thr_critical_above"
	case k.Critical != nil:
		key = "kpi.thr_critical_below"
	default:
		return p.L.T("kpi.thr_none")
	}
	var kv []any
	if k.Warn != nil {
		kv = append(kv, "Warn", p.Val(k.Unit, *k.Warn))
	}
	if k.Critical != nil {
		kv = append(kv, "Critical", p.Val(k.Unit, *k.Critical))
	}
	return p.L.T(key, kv...)
}

// Delta formats the change between the last two readings with a sign.
func (p *Page) Delta(k *KPIView) string {
	d := k.Change()
	s := p.Val(k.K.Unit, d)
	if d > 0 {
		s = "+" + s
	}
	return s
}

// Better reports whether the last change went the KPI's good way; 0 when
// flat or unknown, 1 better, -1 worse.
func (k *KPIView) Better() int {
	d := k.Change()
	if !k.HasChange() || d == 0 {
		return 0
	}
	if (d > 0) == (k.K.Direction == okr.HigherIsBetter) {
		return 1
	}
	return -1
}

// kpiData is the page of one KPI: its numbers, chart, readings, the key
// results it checks in, and the reading form for those who may add one.
type kpiData struct {
	KPI      *KPIView
	Chart    templ.Component
	Trend    string          // the trend in words, the chart's text alternative
	Readings []kpiReadingRow // newest first
	KRs      []*view.KRView
	Period   okr.Period
	Form     kpiReadingForm
}

type kpiReadingRow struct {
	V      okr.KPIValue
	Value  string
	Author string
	State  KPIState
}

// kpiReadingForm is the form that adds a reading.
type kpiReadingForm struct {
	Value string
	Date  string
	Errs  FieldErrors
}

func (s *Server) kpiPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "kpis", "", nil)
	return s.renderKPIPage(w, r, p, http.StatusOK, nil)
}

// renderKPIPage renders the page of the KPI in the path, with form as the
// reading form when it is shown again with errors.
func (s *Server) renderKPIPage(w http.ResponseWriter, r *http.Request, p *Page, status int, form *kpiReadingForm) error {
	ctx := r.Context()
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	k, err := s.DB.GetKPI(ctx, v.Org.ID, id)
	if err != nil {
		return err
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	views, err := s.kpiViews(ctx, p, dir, []okr.KPI{k})
	if err != nil {
		return err
	}
	kv := views[0]
	p.Title = k.Name
	data := &kpiData{KPI: kv, Chart: p.kpiChart(kv), Trend: kv.spark(p), Form: kpiReadingForm{Date: isoDay(p.Now), Errs: FieldErrors{}}}
	if form != nil {
		data.Form = *form
	}
	for i := len(kv.Values) - 1; i >= 0; i-- {
		val := kv.Values[i]
		row := kpiReadingRow{V: val, Value: p.Val(k.Unit, val.Value), State: kpiState(&k, val.Value)}
		if person := dir.People[val.AuthorID]; person != nil {
			row.Author = person.Name
		}
		data.Readings = append(data.Readings, row)
	}
	if data.Period, data.KRs, err = s.kpiKRs(ctx, r, dir, k.ID); err != nil {
		return err
	}
	return s.page(w, r, status, p, KPIPage(p, data))
}

// kpiKRs returns the current period's key results linked to the KPI, from
// the period's board (a fixed number of queries).
func (s *Server) kpiKRs(ctx context.Context, r *http.Request, dir *view.Directory, kpiID int64) (okr.Period, []*view.KRView, error) {
	v := mustViewer(r)
	period, err := s.currentPeriod(ctx, v.Org.ID)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return period, nil, nil
	} else if err != nil {
		return period, nil, err
	}
	b, _, err := s.loadBoard(ctx, v.Org.ID, period, dir, store.ObjectiveFilter{})
	if err != nil {
		return period, nil, err
	}
	var out []*view.KRView
	for _, o := range b.Objs {
		for _, k := range o.KRs {
			if k.KR.KPIID != nil && *k.KR.KPIID == kpiID {
				out = append(out, k)
			}
		}
	}
	return period, out, nil
}

// kpiChart draws the KPI's readings of the last year against its warning
// (else critical) threshold. A KPI without thresholds has only its
// sparkline and the table of readings.
func (p *Page) kpiChart(k *KPIView) templ.Component {
	limit := k.K.Warn
	if limit == nil {
		limit = k.K.Critical
	}
	if limit == nil || len(k.Values) == 0 {
		return nil
	}
	from := k.Values[0].At
	to := p.Now.Add(24 * time.Hour)
	if !to.After(from.Add(7 * 24 * time.Hour)) {
		from = to.Add(-7 * 24 * time.Hour)
	}
	c := chart.Progress{
		ID: "chart-kpi-" + strconv.FormatInt(k.K.ID, 10), Title: p.L.T("kpi.chart_title", "Name", k.K.Name),
		Desc: k.spark(p), From: from, To: to, Start: *limit, Target: *limit, Threshold: true, Now: p.Now,
		Date: p.L.DayMonth, Value: func(v float64) string { return p.L.Number(v, 2) }, // the unit is in the title
		Labels: chart.Labels{Today: p.L.T("kpi.today"), Changed: ""},
	}
	for _, v := range k.Values {
		c.Points = append(c.Points, chart.Point{At: v.At, Value: v.Value})
	}
	return c.SVG()
}

// spark returns the sentence that describes the trend (the sparkline's
// description).
func (k *KPIView) spark(p *Page) string {
	switch n := len(k.Values); {
	case n == 0:
		return p.L.T("kpi.no_readings")
	case n == 1:
		return p.L.T("kpi.spark_one", "Value", p.Val(k.K.Unit, k.Last.Value), "Date", p.L.Date(k.Last.At))
	default:
		first := k.Values[0]
		return p.L.T("kpi.spark_desc", "From", p.Val(k.K.Unit, first.Value), "FromDate", p.L.Date(first.At),
			"To", p.Val(k.K.Unit, k.Last.Value), "ToDate", p.L.Date(k.Last.At), "Count", n)
	}
}

// isoDay is the date of t as YYYY-MM-DD, for date inputs.
func isoDay(t time.Time) string { return t.UTC().Format("2006-01-02") }
