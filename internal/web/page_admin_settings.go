package web

import (
	"context"
	"math"
	"net/http"
	"strconv"

	"github.com/okr-dev/okr/internal/coach"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// settingsData is the organisation's settings form: language, the verdict
// band, the limits the coach checks and each coach rule's severity.
type settingsData struct {
	Version int64
	// MembersCheckIn is okr.OrgSettings.MembersCheckIn: members of a unit
	// may check in on its key results.
	MembersCheckIn bool
	Languages      []Choice
	// ExpectedFrom are the choices of where expected lines start
	// (okr.OrgSettings.ExpectedFrom).
	ExpectedFrom []Choice
	Fields       map[string]string // numbers as typed, by field name
	Rules        []ruleRow
	// Rhythm is the part on reminders, digests and holidays
	// (page_admin_rhythm.go).
	Rhythm   rhythmForm
	Errs     FieldErrors
	Conflict *conflictView
}

// ruleRow is one coach rule with its severity choices.
type ruleRow struct {
	ID          string
	Name        string // the rule's name in the page language; the id is never shown
	Description string
	Default     coach.Severity
	Choices     []Choice
}

// The numeric settings, by form field.
var settingsInts = []string{"check_in_days", "max_objectives", "max_objectives_hard", "min_krs", "max_krs", "max_objective_length", "escalate_after"}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "admin", "admin.settings_title", nil)
	set := p.Viewer.Org.Settings
	fields := map[string]string{
		"band_low": p.L.Number(set.BandLow*100, 1), "band_high": p.L.Number(set.BandHigh*100, 1),
	}
	for _, name := range settingsInts {
		fields[name] = p.L.Number(float64(*settingsInt(&set, name)), 0)
	}
	for name, v := range rhythmFields(set) {
		fields[name] = v
	}
	return s.page(w, r, http.StatusOK, p, AdminSettingsPage(p, s.settingsData(p, set, p.Viewer.Org.Version, fields, FieldErrors{})))
}

// settingsInt returns the setting of a numeric field.
func settingsInt(set *okr.OrgSettings, name string) *int {
	switch name {
	case "check_in_days":
		return &set.CheckInDays
	case "max_objectives":
		return &set.MaxObjectives
	case "max_objectives_hard":
		return &set.MaxObjectivesHard
	case "min_krs":
		return &set.MinKRs
	case "max_krs":
		return &set.MaxKRs
	case "escalate_after":
		return &set.EscalateAfter
	}
	return &set.MaxObjectiveLength
}

func (s *Server) settingsData(p *Page, set okr.OrgSettings, version int64, fields map[string]string, errs FieldErrors) *settingsData {
	d := &settingsData{Version: version, Fields: fields, Errs: errs, MembersCheckIn: set.MembersCheckIn, Rhythm: s.rhythmForm(p, set)}
	for _, l := range i18n.Languages {
		d.Languages = append(d.Languages, Choice{Value: l, Label: i18n.Name(l), Selected: set.Language == l})
	}
	for _, from := range okr.LineStarts() {
		d.ExpectedFrom = append(d.ExpectedFrom, Choice{Value: string(from), Label: p.L.T("admin.expected_from_" + string(from)), Selected: set.ExpectedFrom == from})
	}
	for _, rule := range coach.Rules() {
		row := ruleRow{ID: rule.ID, Name: rule.Name[p.Lang], Description: rule.Description[p.Lang], Default: rule.Severity}
		cur := set.Rules[rule.ID]
		row.Choices = []Choice{{Value: "", Label: p.L.T("admin.rule_default", "Severity", p.L.T(sevKey(rule.Severity))), Selected: cur == ""}}
		for _, sev := range []coach.Severity{coach.SeverityOff, coach.SeverityInfo, coach.SeverityWarning, coach.SeverityError} {
			label := p.L.T("admin.rule_off")
			if sev != coach.SeverityOff {
				label = p.L.T(sevKey(sev))
			}
			row.Choices = append(row.Choices, Choice{Value: string(sev), Label: label, Selected: cur == string(sev)})
		}
		d.Rules = append(d.Rules, row)
	}
	return d
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.settings_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	set := v.Org.Settings
	set.Language = f.str("language")
	set.MembersCheckIn = f.str("members_check_in") == "1"
	set.ExpectedFrom = okr.LineStart(f.str("expected_from"))
	fields := map[string]string{}
	for _, name := range append([]string{"band_low", "band_high"}, settingsInts...) {
		fields[name] = f.str(name)
	}
	if x, ok := f.percent("band_low", true); ok {
		set.BandLow = x
	}
	if x, ok := f.percent("band_high", true); ok {
		set.BandHigh = x
	}
	for _, name := range settingsInts {
		if x, ok := f.num(name, true); ok {
			if x != math.Trunc(x) || x < 0 || x > 10000 {
				f.fail(name, "admin.err_whole")
			} else {
				*settingsInt(&set, name) = int(x)
			}
		}
	}
	readRhythm(f, &set, fields)
	set.Rules = map[string]string{}
	for _, rule := range coach.Rules() {
		if sev := f.str("rule." + rule.ID); sev != "" {
			set.Rules[rule.ID] = sev
		}
	}
	if len(set.Rules) == 0 {
		set.Rules = nil
	}
	alias := map[string]string{"band_low": "band_low", "min_krs": "min_krs", "max_objectives": "max_objectives",
		"check_in_days": "check_in_days", "expected_from": "expected_from",
		"time_zone": "time_zone", "check_in_day": "check_in_day", "check_in_time": "check_in_time", "escalate_after": "escalate_after",
		"digest_day": "digest_day", "digest_time": "digest_time", "holiday_country": "holiday_country", "days_off": "days_off"}
	if f.ok() {
		f.validate(set.Validate(), alias)
		f.validate(coach.ValidateRules(set.Rules), nil)
	}
	ctx := r.Context()
	res, err := saveVersioned(f, alias,
		func() (okr.Org, error) { return s.DB.UpdateOrgSettings(ctx, v.Actor(), set, f.version()) },
		func() (okr.Org, error) { return s.DB.GetOrg(ctx, v.Org.ID) },
		func(theirs okr.Org) (*conflictView, error) { return s.settingsConflict(ctx, p, theirs, set) })
	if err != nil {
		return err
	}
	if res.Saved {
		s.setNotice(r, "admin.settings_saved")
		return redirect(w, r, "/admin/settings")
	}
	version := f.version()
	p.Error = s.formProblem(p, f)
	if res.Lost {
		version, p.Error = res.Stored.Version, p.L.T("admin.settings_stale")
	}
	d := s.settingsData(p, set, version, fields, f.errs)
	d.Conflict = res.Conflict
	return s.page(w, r, res.status(r), p, AdminSettingsPage(p, d))
}

// number is a numeric setting's field; hintKey, when set, is its hint.
func (d *settingsData) number(p *Page, name, labelKey, mode, hintKey string) Field {
	f := Field{E: d.Errs, Name: name, ID: "f-" + name, Label: p.L.T(labelKey), Value: d.Fields[name], Mode: mode, Req: true}
	if hintKey != "" {
		f.Hint = p.L.T(hintKey)
	}
	return f
}

// sevKey is the message of a coach severity.
func sevKey(s coach.Severity) string {
	switch s {
	case coach.SeverityInfo:
		return "edit.sev_info"
	case coach.SeverityError:
		return "edit.sev_error"
	}
	return "edit.sev_warning"
}

// settingsConflict compares the stored settings with the submitted ones.
func (s *Server) settingsConflict(ctx context.Context, p *Page, current okr.Org, mine okr.OrgSettings) (*conflictView, error) {
	dir, err := s.loadDirectory(ctx, current.ID)
	if err != nil {
		return nil, err
	}
	c := &conflictView{}
	if c.Who, c.At, err = s.lastChange(ctx, dir, current.ID, "org", current.ID); err != nil {
		return nil, err
	}
	theirs := current.Settings
	band := func(set okr.OrgSettings) string { return p.L.Pct(set.BandLow) + "–" + p.L.Pct(set.BandHigh) }
	c.row(p.L.T("admin.org_language"), i18n.Name(theirs.Language), i18n.Name(mine.Language))
	c.row(p.L.T("admin.band"), band(theirs), band(mine))
	yes := func(b bool) string {
		if b {
			return p.L.T("word.yes")
		}
		return p.L.T("word.no")
	}
	c.row(p.L.T("admin.members_checkin"), yes(theirs.MembersCheckIn), yes(mine.MembersCheckIn))
	c.row(p.L.T("admin.expected_from"), p.L.T("admin.expected_from_"+string(theirs.Pace().LineFrom)), p.L.T("admin.expected_from_"+string(mine.ExpectedFrom)))
	for _, name := range settingsInts {
		c.row(p.L.T(settingsLabel(name)), strconv.Itoa(*settingsInt(&theirs, name)), strconv.Itoa(*settingsInt(&mine, name)))
	}
	rhythmConflictRows(c, p, theirs, mine)
	for _, rule := range coach.Rules() {
		c.row(rule.Name[p.Lang], ruleSetting(p, theirs, rule.ID), ruleSetting(p, mine, rule.ID))
	}
	return c, nil
}

// settingsLabel is the message that labels a numeric setting.
func settingsLabel(name string) string {
	switch name {
	case "check_in_days":
		return "admin.check_in_days"
	case "max_objectives":
		return "admin.max_objectives"
	case "max_objectives_hard":
		return "admin.max_objectives_hard"
	case "min_krs":
		return "admin.min_krs"
	case "max_krs":
		return "admin.max_krs"
	case "escalate_after":
		return "admin.escalate_after"
	}
	return "admin.max_length"
}

// ruleSetting says how a coach rule is set: its default, off, or a
// severity.
func ruleSetting(p *Page, set okr.OrgSettings, id string) string {
	switch v := set.Rules[id]; v {
	case "":
		return p.L.T("admin.rule_default_short")
	case string(coach.SeverityOff):
		return p.L.T("admin.rule_off")
	default:
		return p.L.T(sevKey(coach.Severity(v)))
	}
}
