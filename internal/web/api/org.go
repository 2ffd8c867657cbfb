package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// orgOut is the caller's organisation.
type orgOut struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	Slug      string      `json:"slug"`
	Settings  settingsOut `json:"settings"`
	Version   int64       `json:"version"`
	CreatedAt time.Time   `json:"created_at"`
}

// settingsOut are the organisation's settings; the band is in percent.
type settingsOut struct {
	Language           string            `json:"language" doc:"The organisation's default language"`
	BandLow            float64           `json:"band_low" doc:"Scores below this percentage are too ambitious (60 by default)"`
	BandHigh           float64           `json:"band_high" doc:"Scores above this percentage are not ambitious enough (70 by default)"`
	MaxObjectives      int               `json:"max_objectives" doc:"The coach warns above this many objectives per owner and period"`
	MaxObjectivesHard  int               `json:"max_objectives_hard" doc:"The coach reports an error above this many"`
	MinKRs             int               `json:"min_krs" doc:"The coach warns below this many key results per objective"`
	MaxKRs             int               `json:"max_krs" doc:"The coach warns above this many key results per objective"`
	MaxObjectiveLength int               `json:"max_objective_length" doc:"The coach warns about objectives longer than this many characters"`
	Rules              map[string]string `json:"rules" doc:"Coach rules tuned by id: off, info, warning or error"`
	CheckInDays        int               `json:"check_in_days" doc:"The check-in interval in days (7 by default): a published key result without a check-in for longer is stale; one never checked in is not_started until this long after publishing"`
	ExpectedFrom       string            `json:"expected_from" enum:"publish,period_start" doc:"Where an objective's expected line starts: publish (the later of the period's start and the objective's publish date; the default) or period_start"`
}

// settingsPatch changes some settings; fields left out stay.
type settingsPatch struct {
	Language           *string           `json:"language,omitempty"`
	BandLow            *float64          `json:"band_low,omitempty" minimum:"0" maximum:"100"`
	BandHigh           *float64          `json:"band_high,omitempty" minimum:"0" maximum:"100"`
	MaxObjectives      *int              `json:"max_objectives,omitempty" minimum:"1"`
	MaxObjectivesHard  *int              `json:"max_objectives_hard,omitempty" minimum:"1"`
	MinKRs             *int              `json:"min_krs,omitempty" minimum:"0"`
	MaxKRs             *int              `json:"max_krs,omitempty" minimum:"0"`
	MaxObjectiveLength *int              `json:"max_objective_length,omitempty" minimum:"1"`
	Rules              map[string]string `json:"rules,omitempty" doc:"Replaces all rule settings when sent"`
	CheckInDays        *int              `json:"check_in_days,omitempty" minimum:"1" maximum:"92"`
	ExpectedFrom       *string           `json:"expected_from,omitempty" enum:"publish,period_start"`
}

func wireOrg(o okr.Org) orgOut {
	s := o.Settings
	rules := s.Rules
	if rules == nil {
		rules = map[string]string{}
	}
	return orgOut{ID: o.ID, Name: o.Name, Slug: o.Slug, Version: o.Version, CreatedAt: o.CreatedAt,
		Settings: settingsOut{Language: s.Language, BandLow: pct(s.BandLow), BandHigh: pct(s.BandHigh),
			MaxObjectives: s.MaxObjectives, MaxObjectivesHard: s.MaxObjectivesHard, MinKRs: s.MinKRs, MaxKRs: s.MaxKRs,
			MaxObjectiveLength: s.MaxObjectiveLength, Rules: rules, CheckInDays: s.Pace().Days(), ExpectedFrom: string(s.Pace().LineFrom)}}
}

func (p settingsPatch) apply(s *okr.OrgSettings) {
	set(&s.Language, p.Language)
	if p.BandLow != nil {
		s.BandLow = frac(*p.BandLow)
	}
	if p.BandHigh != nil {
		s.BandHigh = frac(*p.BandHigh)
	}
	set(&s.MaxObjectives, p.MaxObjectives)
	set(&s.MaxObjectivesHard, p.MaxObjectivesHard)
	set(&s.MinKRs, p.MinKRs)
	set(&s.MaxKRs, p.MaxKRs)
	set(&s.MaxObjectiveLength, p.MaxObjectiveLength)
	if p.Rules != nil {
		s.Rules = p.Rules
	}
	set(&s.CheckInDays, p.CheckInDays)
	if p.ExpectedFrom != nil {
		s.ExpectedFrom = okr.LineStart(*p.ExpectedFrom)
	}
}

// meOut is the caller: their person, organisation and the units they lead.
type meOut struct {
	Person      personOut `json:"person"`
	Org         orgOut    `json:"org"`
	LeadUnitIDs []int64   `json:"lead_unit_ids" doc:"The units the caller leads (directly)"`
}

func (a *API) registerMe() {
	op(a, huma.Operation{OperationID: "get-me", Method: http.MethodGet, Path: "/me", Tags: []string{"Organisation"},
		Summary: "Who am I", Description: "The person the token belongs to, their organisation and the units they lead."},
		nil, a.getMe)
}

// getMe answers GET /me.
func (a *API) getMe(ctx context.Context, _ *struct{}) (*body[meOut], error) {
	c := callerOf(ctx)
	org, err := a.db.GetOrg(ctx, c.org())
	if err != nil {
		return nil, err
	}
	units, err := a.db.ListUnits(ctx, c.org(), store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	lead := []int64{}
	for _, u := range units {
		if slices.Contains(u.LeadIDs, c.person.ID) {
			lead = append(lead, u.ID)
		}
	}
	return &body[meOut]{Body: meOut{Person: wirePerson(c.person), Org: wireOrg(org), LeadUnitIDs: lead}}, nil
}

func (a *API) registerOrg() {
	tags := []string{"Organisation"}
	op(a, huma.Operation{OperationID: "get-org", Method: http.MethodGet, Path: "/org", Tags: tags,
		Summary: "Get the organisation", Description: "The caller's own organisation with its settings."},
		nil, a.getOrg)
	op(a, huma.Operation{OperationID: "update-org-settings", Method: http.MethodPatch, Path: "/org/settings", Tags: tags,
		Summary: "Change the organisation's settings", Description: "Admins only. Fields left out keep their value.", Errors: updateErrors},
		nil, a.updateOrgSettings)
}

// getOrg answers GET /org.
func (a *API) getOrg(ctx context.Context, _ *struct{}) (*object[orgOut], error) {
	org, err := a.db.GetOrg(ctx, callerOf(ctx).org())
	if err != nil {
		return nil, err
	}
	return &object[orgOut]{ETag: etag(org.Version), Body: wireOrg(org)}, nil
}

// updateOrgSettingsIn is the input of update-org-settings.
type updateOrgSettingsIn struct {
	IfMatch string `header:"If-Match" doc:"The organisation's ETag, or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    settingsPatch
}

// updateOrgSettings answers PATCH /org/settings.
func (a *API) updateOrgSettings(ctx context.Context, in *updateOrgSettingsIn) (*object[orgOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	org, err := a.db.GetOrg(ctx, c.org())
	if err != nil {
		return nil, err
	}
	version, err := match.version("organisation", org.Version)
	if err != nil {
		return nil, err
	}
	settings := org.Settings
	in.Body.apply(&settings)
	same, err := a.unchanged(ctx, "org", org.ID, org.Settings, settings)
	if err != nil {
		return nil, err
	}
	if !same {
		if org, err = a.db.UpdateOrgSettings(ctx, c.actor, settings, version); err != nil {
			return nil, err
		}
	}
	return &object[orgOut]{ETag: etag(org.Version), Body: wireOrg(org)}, nil
}
