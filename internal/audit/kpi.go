package audit

import (
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// KPI is a KPI as recorded.
type KPI struct {
	V           int      `json:"v"`
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Unit        Measure  `json:"unit"`
	Direction   string   `json:"direction"`
	Frequency   string   `json:"frequency"`
	Warn        *float64 `json:"warn"`
	Critical    *float64 `json:"critical"`
	OwnerUnitID *int64   `json:"owner_unit_id"`
	Archived    bool     `json:"archived"`
	Version     int64    `json:"version"`
}

// RecordType returns "kpi".
func (*KPI) RecordType() string { return "kpi" }

// FromKPI records k.
func FromKPI(k *okr.KPI) *KPI {
	return &KPI{V: Version, ID: k.ID, Name: k.Name, Description: k.Description, Unit: fromMeasure(k.Unit),
		Direction: string(k.Direction), Frequency: string(k.Frequency), Warn: k.Warn, Critical: k.Critical,
		OwnerUnitID: k.OwnerUnitID, Archived: k.Archived, Version: k.Version}
}

// Domain returns the recorded KPI (without its organisation).
func (r *KPI) Domain() okr.KPI {
	return okr.KPI{ID: r.ID, Name: r.Name, Description: r.Description, Unit: r.Unit.domain(),
		Direction: okr.Direction(r.Direction), Frequency: okr.Frequency(r.Frequency), Warn: r.Warn, Critical: r.Critical,
		OwnerUnitID: r.OwnerUnitID, Archived: r.Archived, Version: r.Version}
}

// KPIValue is a reading of a KPI, recorded on the KPI (action reading).
type KPIValue struct {
	V        int       `json:"v"`
	ID       int64     `json:"id"`
	KPIID    int64     `json:"kpi_id"`
	Value    float64   `json:"value"`
	At       time.Time `json:"at"`
	AuthorID int64     `json:"author_id"` // 0 for the system
}

// RecordType returns "kpi_value".
func (*KPIValue) RecordType() string { return "kpi_value" }

// FromKPIValue records v.
func FromKPIValue(v *okr.KPIValue) *KPIValue {
	return &KPIValue{V: Version, ID: v.ID, KPIID: v.KPIID, Value: v.Value, At: v.At, AuthorID: v.AuthorID}
}

// Domain returns the recorded reading.
func (r *KPIValue) Domain() okr.KPIValue {
	return okr.KPIValue{ID: r.ID, KPIID: r.KPIID, Value: r.Value, At: r.At, AuthorID: r.AuthorID}
}
