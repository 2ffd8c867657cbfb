package okrfile

import (
	"bufio"
	"io"
	"reflect"

	"github.com/okr-dev/okr/internal/okr"
)

// Encode writes f as a version 1 file. The output depends only on the
// records' keys and the okr values' fields that the format carries (never
// on ids), in the order of f's lists, so equal Files give identical bytes;
// FromSet puts the lists in a canonical order. Fields equal to their
// constant default (weight 1, state draft, role member, unit number,
// confidence on_track …) are left out; inferred ones (unit kind, metric,
// period) are always written. Numbers are written so that they read back
// exactly, times in RFC 3339 UTC and dates as YYYY-MM-DD.
//
// Encode returns an error for values the format cannot hold (a non-finite
// number, text that is not UTF-8) and for write errors.
func Encode(w io.Writer, f *File) error {
	bw := bufio.NewWriter(w)
	e := &emitter{w: bw}
	e.mapping(reflect.ValueOf(toDoc(f)).Elem(), 0, "")
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

func toDoc(f *File) *docFile {
	v := Version
	d := &docFile{Version: &v}
	if f.Org != nil {
		d.Organization = orgDoc(f.Org)
	}
	for _, u := range f.Units {
		d.Units = append(d.Units, &docUnit{
			Key: u.Key, Name: u.Unit.Name, Kind: string(u.Unit.Kind), Parent: u.ParentKey,
			Leads: u.LeadEmails, Archived: u.Unit.Archived,
		})
	}
	for _, p := range f.People {
		pp := p.Person
		d.People = append(d.People, &docPerson{
			Email: pp.Email, Name: pp.Name, Role: omitDefault(pp.Role, okr.RoleMember), Unit: p.UnitKey,
			Language: pp.Language, Archived: pp.Archived,
		})
	}
	for _, p := range f.Periods {
		pp := p.Period
		d.Periods = append(d.Periods, &docPeriod{
			Name: pp.Name, Kind: omitDefault(pp.Kind, okr.PeriodQuarter), Start: newDate(pp.Start), End: newDate(pp.End),
			Closed: pp.Closed, Archived: pp.Archived,
		})
	}
	for _, k := range f.KPIs {
		d.KPIs = append(d.KPIs, kpiDoc(k))
	}
	for _, o := range f.Objectives {
		d.Objectives = append(d.Objectives, objectiveDoc(o))
	}
	return d
}

// omitDefault returns "" for the default value, so omitempty leaves it out.
func omitDefault[T ~string](v, def T) string {
	if v == def {
		return ""
	}
	return string(v)
}

// weightDoc leaves out the default weight 1.
func weightDoc(w float64) *float64 {
	if w == 1 {
		return nil
	}
	return newFloat(w)
}

func orgDoc(o *okr.Org) *docOrg {
	d := &docOrg{Name: o.Name, Slug: o.Slug}
	s, def := o.Settings, okr.DefaultSettings()
	ds := &docSettings{Language: omitDefault(s.Language, def.Language), Rules: s.Rules}
	if s.BandLow != def.BandLow {
		ds.BandLow = newFraction(s.BandLow)
	}
	if s.BandHigh != def.BandHigh {
		ds.BandHigh = newFraction(s.BandHigh)
	}
	ds.MaxObjectives = intIfNot(s.MaxObjectives, def.MaxObjectives)
	ds.MaxObjectivesHard = intIfNot(s.MaxObjectivesHard, def.MaxObjectivesHard)
	ds.MinKRs = intIfNot(s.MinKRs, def.MinKRs)
	ds.MaxKRs = intIfNot(s.MaxKRs, def.MaxKRs)
	ds.MaxObjectiveLength = intIfNot(s.MaxObjectiveLength, def.MaxObjectiveLength)
	ds.CheckInDays = intIfNot(s.CheckInDays, def.CheckInDays)
	ds.ExpectedFrom = omitDefault(s.ExpectedFrom, def.ExpectedFrom)
	if s.MembersCheckIn {
		ds.MembersCheckIn = &s.MembersCheckIn
	}
	if !reflect.ValueOf(*ds).IsZero() {
		d.Settings = ds
	}
	return d
}

func intIfNot(v, def int) *int {
	if v == def {
		return nil
	}
	return &v
}

func kpiDoc(k *KPIRec) *docKPI {
	kp := k.KPI
	d := &docKPI{
		Key: k.Key, Name: kp.Name, Description: kp.Description, Owner: k.OwnerUnitKey,
		Unit: omitDefault(kp.Unit.Kind, okr.MeasureNumber), UnitCode: kp.Unit.Code,
		Direction: omitDefault(kp.Direction, okr.HigherIsBetter), Frequency: omitDefault(kp.Frequency, okr.Monthly),
		Warn: kp.Warn, Critical: kp.Critical, Archived: kp.Archived,
	}
	for _, v := range k.Values {
		d.Values = append(d.Values, &docKPIValue{At: newStamp(v.Value.At), Value: newFloat(v.Value.Value), By: v.AuthorEmail})
	}
	return d
}

func objectiveDoc(o *ObjectiveRec) *docObjective {
	ob := o.Objective
	d := &docObjective{
		Key: o.Key, Title: ob.Title, Description: ob.Description, Period: o.PeriodName, Owner: o.Owner.String(),
		Weight: weightDoc(ob.Weight), State: omitDefault(ob.State, okr.StateDraft), Parent: o.ParentKey,
		ContributesTo: o.ContributesTo, Archived: ob.Archived, Reflection: ob.Reflection,
	}
	if ob.PublishedAt != nil {
		d.PublishedAt = newStamp(*ob.PublishedAt)
	}
	for _, kr := range o.KeyResults {
		d.KeyResults = append(d.KeyResults, krDoc(kr))
	}
	return d
}
