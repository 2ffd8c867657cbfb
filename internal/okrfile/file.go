package okrfile

import (
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Version is the format version this package reads and writes.
const Version = 1

// File is a decoded OKR file: plain okr values, each with the human keys
// that the file uses to refer to other objects.
//
// References between objects are by key: units and KPIs by Key, people by
// e-mail, periods by name, objectives and key results by Key. The ID fields
// of the okr values are file-local ids assigned by Link (1, 2, 3 … per kind,
// in file order) and the values' reference fields (ParentID, Owner,
// PeriodID, KeyResultID, AuthorID …) use them, so okr functions such as
// okr.LevelOf and okr.ObjectiveProgress work on a File directly. The ids
// mean nothing outside the File: an importer maps them to its own. Fields
// the format does not carry (OrgID, Version, CreatedAt, UpdatedAt) are zero.
//
// Each record has Pos, the position of the object in the source (zero for a
// File built by FromSet); objectives and key results also have TitlePos.
type File struct {
	Name       string   // the file name given to Decode, used in messages
	Org        *okr.Org // nil when the file has no organization section
	Units      []*UnitRec
	People     []*PersonRec
	Periods    []*PeriodRec
	KPIs       []*KPIRec
	Objectives []*ObjectiveRec

	positions map[string]Pos
	idx       *fileIndex
}

// UnitRec is a unit of the organisation tree.
type UnitRec struct {
	Key        string
	ParentKey  string   // "" for the root (the company)
	LeadEmails []string // the people who lead the unit
	Unit       okr.Unit
	Pos        Pos
}

// PersonRec is a person; the person's key is Person.Email.
type PersonRec struct {
	UnitKey string // "" when the person belongs to no unit
	Person  okr.Person
	Pos     Pos
}

// PeriodRec is a period; the period's key is Period.Name.
type PeriodRec struct {
	Period okr.Period
	Pos    Pos
}

// KPIRec is a KPI with its readings.
type KPIRec struct {
	Key          string
	OwnerUnitKey string
	KPI          okr.KPI
	Values       []*KPIValueRec
	Pos          Pos
}

// KPIValueRec is one reading of a KPI. AuthorEmail "" means unknown (an
// importer uses the person who imports).
type KPIValueRec struct {
	AuthorEmail string
	Value       okr.KPIValue
	Pos         Pos
}

// OwnerRef names the owner of an objective or key result: a unit by key or a
// person by e-mail. At most one is set; objectives need exactly one.
type OwnerRef struct {
	UnitKey string
	Email   string
}

// String returns the owner as the file writes it: the e-mail or unit key.
func (o OwnerRef) String() string {
	if o.Email != "" {
		return o.Email
	}
	return o.UnitKey
}

// parseOwner reads an owner reference: an e-mail names a person, anything
// else a unit key.
func parseOwner(s string) OwnerRef {
	if strings.Contains(s, "@") {
		return OwnerRef{Email: s}
	}
	return OwnerRef{UnitKey: s}
}

// ObjectiveRec is an objective with its key results.
type ObjectiveRec struct {
	Key           string
	PeriodName    string
	Owner         OwnerRef
	ParentKey     string   // vertical alignment; "" for none
	ContributesTo []string // objective keys
	Objective     okr.Objective
	KeyResults    []*KeyResultRec
	// Path is the objective's field path, "objectives[2]": f.Pos(o.Path +
	// ".owner") is where its owner is written.
	Path          string
	Pos, TitlePos Pos
}

// KeyResultRec is a key result with its milestones (in KeyResult), its
// initiatives, check-ins, target changes and grade. ArchivedMilestones are
// milestones removed from the checklist: they never count, but check-ins
// made before their removal still name them. CheckIns and
// TargetChanges are in time order in a decoded file only if the file
// lists them so; KeyResult.Current, Confidence and LastCheckInAt come from
// the latest check-in.
type KeyResultRec struct {
	Key          string
	ObjectiveKey string
	Owner        OwnerRef // may be empty: the objective's owner owns it
	KPIKey       string   // "" when not linked to a KPI
	KeyResult    okr.KeyResult
	// ArchivedMilestones are written after the active ones, with
	// archived: true; their ids follow those of KeyResult.Milestones.
	ArchivedMilestones []okr.Milestone
	Initiatives        []*InitiativeRec
	CheckIns           []*CheckInRec
	TargetChanges      []*TargetChangeRec
	Grade              *GradeRec // nil until graded
	Path               string    // "objectives[2].key_results[0]"
	Pos, TitlePos      Pos
}

// InitiativeRec is an initiative of a key result.
type InitiativeRec struct {
	OwnerEmail string
	Initiative okr.Initiative
	Pos        Pos
}

// CheckInRec is one check-in. MilestonesDone names the done milestones by
// title (milestones KRs only).
type CheckInRec struct {
	AuthorEmail    string
	MilestonesDone []string
	CheckIn        okr.CheckIn
	Pos            Pos
}

// TargetChangeRec is one recorded change of a key result's start or target.
type TargetChangeRec struct {
	AuthorEmail string
	Change      okr.TargetChange
	Pos         Pos
}

// GradeRec is the end-of-period grade of a key result.
type GradeRec struct {
	AuthorEmail string
	Grade       okr.Grade
	Pos         Pos
}

// Pos returns the source position of the value at a field path such as
// "objectives[0].key_results[1].title", or of the nearest enclosing object
// when that field is absent. It returns the zero Pos for files not read by
// Decode.
func (f *File) Pos(path string) Pos {
	if f.positions == nil {
		return Pos{}
	}
	return (&report{pos: f.positions}).posOf(path)
}
