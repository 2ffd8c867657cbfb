package web

import (
	"testing"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// TestBKeysExist checks the messages that the editing, review, KPI,
// people, admin and history pages build at run time from domain values, so
// that TestUsedKeysExist (which reads literal ids) cannot see them.
func TestBKeysExist(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	add := func(prefix string, values ...string) {
		for _, v := range values {
			ids = append(ids, prefix+v)
		}
	}
	add("measure.", string(okr.MeasureNumber), string(okr.MeasurePercent), string(okr.MeasureCurrency), string(okr.MeasureCustom))
	add("direction.", string(okr.HigherIsBetter), string(okr.LowerIsBetter))
	add("frequency.", string(okr.Daily), string(okr.Weekly), string(okr.Monthly), string(okr.Quarterly))
	add("unitkind.", string(okr.UnitCompany), string(okr.UnitDepartment), string(okr.UnitTeam))
	add("role.", string(okr.RoleAdmin), string(okr.RoleMember))
	add("periodkind.", string(okr.PeriodQuarter), string(okr.PeriodYear), string(okr.PeriodCustom))
	add("verdict.", string(okr.VerdictTooAmbitious), string(okr.VerdictRightLevel), string(okr.VerdictNotAmbitiousEnough))
	add("review.verdict_explain_", string(okr.VerdictTooAmbitious), string(okr.VerdictRightLevel), string(okr.VerdictNotAmbitiousEnough))
	add("kpi.state_", string(KPIOK), string(KPIWarn), string(KPICritical), string(KPINoData))
	for _, sev := range []coach.Severity{coach.SeverityInfo, coach.SeverityWarning, coach.SeverityError} {
		ids = append(ids, "edit.sev_"+string(sev), sevKey(sev))
	}
	for action := range historyActions {
		ids = append(ids, historyKey("action_"+action))
	}
	ids = append(ids, historyKey("action_other"))
	for _, tab := range adminTabs {
		ids = append(ids, tab.Key)
	}
	for _, id := range ids {
		for _, lang := range i18n.Languages {
			if !b.Has(lang, id) {
				t.Errorf("missing message %s %s", lang, id)
			}
		}
	}
}

// TestHistoryFieldLabels checks that the fields people change most have a
// label in every language (others fall back to the field's name).
func TestHistoryFieldLabels(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"title", "description", "owner_unitid", "owner_personid", "parentid", "contributes", "state",
		"metric_kind", "metric_start", "metric_target", "weight", "value", "comment", "confidence", "score", "note", "reflection"} {
		for _, lang := range i18n.Languages {
			if id := historyKey("f_" + f); !b.Has(lang, id) {
				t.Errorf("missing message %s %s", lang, id)
			}
		}
	}
}
