// Package audit holds the records of the audit log: what an audit entry
// stores of an object before and after a change. Each audited kind of
// object has a record type of its own with snake_case JSON names and a
// format version ("v"), so that renaming a field of a domain type in
// internal/okr cannot change the stored history: a rename changes the
// conversion (From…, Domain), which the compiler checks, and the golden
// files in testdata pin the JSON.
//
// The JSON of a record type is a stored format: fields may be added, but a
// field is never renamed or given another meaning without a new format
// version (and a migration of the stored rows, as store's migration 8 did
// for the records written from domain structs before this package). Upgrade
// converts those older rows.
//
// Which record an entry holds follows from its object type and action
// (New): a check-in, grade or target change of a key result, a reading of
// a KPI, otherwise the object itself.
package audit

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Version is the format version of the records this package writes.
const Version = 1

// The audit actions whose entries record something other than the object.
const (
	ActionCheckIn      = "check_in"
	ActionGrade        = "grade"
	ActionTargetChange = "target_change"
	ActionReading      = "reading"
)

// ErrLegacy is returned by Decode for JSON without a format version: an
// object recorded before version 1, which Upgrade converts.
var ErrLegacy = errors.New("recorded before format version 1")

// Record is one object as an audit entry records it: a pointer to one of
// the record types of this package.
type Record interface {
	// RecordType names the record type: "objective", "check_in",
	// "kpi_value", …
	RecordType() string
}

// ObjectTypes returns the object types of audit entries, each a type New
// knows, in a fixed order.
func ObjectTypes() []string {
	return []string{"org", "unit", "person", "period", "token", "objective", "key_result", "initiative", "kpi"}
}

// New returns a new, empty record of the type that entries of objectType
// with action hold, or nil when no record type is known for them.
func New(objectType, action string) Record {
	switch objectType {
	case "org":
		return &Org{}
	case "unit":
		return &Unit{}
	case "person":
		return &Person{}
	case "period":
		return &Period{}
	case "token":
		return &Token{}
	case "comment":
		return &Comment{}
	case "hook":
		return &Hook{}
	case "objective":
		return &Objective{}
	case "initiative":
		return &Initiative{}
	case "kpi":
		if action == ActionReading {
			return &KPIValue{}
		}
		return &KPI{}
	case "key_result":
		switch action {
		case ActionCheckIn:
			return &CheckIn{}
		case ActionGrade:
			return &Grade{}
		case ActionTargetChange:
			return &TargetChange{}
		}
		return &KeyResult{}
	}
	return nil
}

// Decode reads the stored JSON of an entry of objectType with action. It
// returns nil for "" (nothing recorded) and an error when the JSON is not
// a record of the current version of the type New names: ErrLegacy when it
// has no version.
func Decode(objectType, action, stored string) (Record, error) {
	if stored == "" {
		return nil, nil
	}
	r := New(objectType, action)
	if r == nil {
		return nil, fmt.Errorf("audit: no record type for %s %s", objectType, action)
	}
	var head struct {
		V int `json:"v"`
	}
	if err := json.Unmarshal([]byte(stored), &head); err != nil {
		return nil, fmt.Errorf("audit: decode %s %s: %w", objectType, action, err)
	}
	if head.V == 0 {
		return nil, fmt.Errorf("audit: %s %s: %w", objectType, action, ErrLegacy)
	}
	if head.V != Version {
		return nil, fmt.Errorf("audit: %s %s record of version %d, want %d", objectType, action, head.V, Version)
	}
	if err := json.Unmarshal([]byte(stored), r); err != nil {
		return nil, fmt.Errorf("audit: decode %s %s: %w", objectType, action, err)
	}
	return r, nil
}

// Encode returns the JSON of r, "" for nil.
func Encode(r Record) (string, error) {
	if r == nil {
		return "", nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("audit: encode %s: %w", r.RecordType(), err)
	}
	return string(b), nil
}
