package view

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Model reads what the pages and the API show and keeps it between
// requests in its caches (see the package doc for the table). A Model is
// safe for concurrent use; one serves a whole process.
type Model struct {
	db  *store.DB
	now func() time.Time

	orgs    *Cache[int64, string, *OrgState]
	krs     *Cache[objKey, int64, string] // encoded (krcodec.go)
	objs    *Cache[objKey, int64, okr.Objective]
	details *Cache[objKey, Stamp, string] // encoded (detailscodec.go)
	grades  *Cache[objKey, Stamp, *Grades]
	indexes *Cache[[2]int64, struct{}, *PeriodIndex]
}

// objKey names an objective's cached value.
type objKey struct{ org, obj int64 }

// Budgets of the model's caches, in bytes.
const (
	orgBudget     = 16 << 20 // one state per organisation in use: about 4 MB for 10,000 people
	krBudget      = 20 << 20 // encoded (krcodec.go): the large generated organisation's 106,099 key results take about 17 MB; see doc.go on the bounds
	objBudget     = 16 << 20 // about 30,000 objectives without long descriptions
	detailsBudget = 28 << 20 // encoded (detailscodec.go): about 1 KB an objective with the entry, 86 % of the large generated organisation's 33,153
	gradesBudget  = 8 << 20
	indexBudget   = 40 << 20 // a period of 33,000 objectives takes about 10 MB
)

// New returns a model over db with now as its clock (time.Now when nil).
func New(db *store.DB, now func() time.Time) *Model {
	if now == nil {
		now = time.Now
	}
	return &Model{
		db: db, now: now,
		orgs:    NewCache[int64, string, *OrgState](orgBudget, orgBudget),
		krs:     NewCache[objKey, int64, string](krBudget, krBudget/8),
		objs:    NewCache[objKey, int64, okr.Objective](objBudget, objBudget/8),
		details: NewCache[objKey, Stamp, string](detailsBudget, detailsBudget/8),
		grades:  NewCache[objKey, Stamp, *Grades](gradesBudget, gradesBudget/8),
		indexes: NewCache[[2]int64, struct{}, *PeriodIndex](indexBudget, indexBudget),
	}
}

// CacheStats returns the statistics of the model's caches by name: "org"
// (organisation states), "key_results", "details", "grades" and
// "period_index" (the names of the package doc's table).
func (m *Model) CacheStats() []NamedCacheStats {
	return []NamedCacheStats{
		{"org", m.orgs.Stats()},
		{"key_results", m.krs.Stats()},
		{"objectives", m.objs.Stats()},
		{"details", m.details.Stats()},
		{"grades", m.grades.Stats()},
		{"period_index", m.indexes.Stats()},
	}
}

// NamedCacheStats is one cache's statistics under its name.
type NamedCacheStats struct {
	Name string
	CacheStats
}

// Forget empties every cache of the model, as after a restart.
func (m *Model) Forget() {
	m.orgs.Clear()
	m.krs.Clear()
	m.objs.Clear()
	m.details.Clear()
	m.grades.Clear()
	m.indexes.Clear()
}
