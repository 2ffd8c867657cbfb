package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// legacyNames maps the names under which the store recorded objects before
// format version 1 (the JSON of the domain types of internal/okr as they
// were at schema version 7: Go field names, no tags) to the names of the
// records. It describes rows that old versions wrote, not today's domain
// types, so it never changes. Names not listed (OrgID, and fields the domain
// types had dropped earlier) are not part of any record.
var legacyNames = map[string]string{
	"ID": "id", "Name": "name", "Slug": "slug", "Settings": "settings", "Version": "version",
	"CreatedAt": "created_at", "UpdatedAt": "updated_at", "Archived": "archived",
	"ParentID": "parent_id", "Kind": "kind", "LeadIDs": "lead_ids",
	"Email": "email", "Role": "role", "UnitID": "unit_id", "PersonID": "person_id", "Language": "language",
	"Start": "start", "End": "end", "Closed": "closed",
	"PeriodID": "period_id", "Title": "title", "Description": "description", "Owner": "owner", "Weight": "weight",
	"Contributes": "contributes", "State": "state", "Reflection": "reflection",
	"ObjectiveID": "objective_id", "Metric": "metric", "Target": "target", "Unit": "unit", "Code": "code",
	"Milestones": "milestones", "Done": "done", "KPIID": "kpi_id", "Position": "position", "Current": "current",
	"Confidence": "confidence", "LastCheckInAt": "last_check_in_at",
	"KeyResultID": "key_result_id", "Value": "value", "MilestonesDone": "milestones_done", "Comment": "comment",
	"AuthorID": "author_id", "At": "at", "Late": "late",
	"OldStart": "old_start", "OldTarget": "old_target", "NewStart": "new_start", "NewTarget": "new_target", "Reason": "reason",
	"OwnerPersonID": "owner_person_id", "Status": "status", "Due": "due",
	"Direction": "direction", "Frequency": "frequency", "Warn": "warn", "Critical": "critical", "OwnerUnitID": "owner_unit_id",
	"Score": "score", "Suggested": "suggested", "Note": "note", "GradedBy": "graded_by",
	"RevokedAt": "revoked_at", "LastUsed": "last_used",
	// Comments and hooks came after the legacy format; their names are here
	// so that the upgrade test can treat every record alike.
	"CheckInID": "check_in_id", "Body": "body", "Mentions": "mentions", "EditedAt": "edited_at", "URL": "url", "Events": "events",
}

// Upgrade converts the JSON that an entry of objectType with action
// recorded before format version 1 into the record of the current version.
// "" stays "", and a record already of the current version is returned as
// it is. It returns an error when the JSON is not an object of the type
// New names for the entry (the caller keeps such JSON as it is).
func Upgrade(objectType, action, legacy string) (string, error) {
	if legacy == "" {
		return "", nil
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(legacy))
	dec.UseNumber() // ids beyond 2^53 stay exact
	if err := dec.Decode(&m); err != nil {
		return "", fmt.Errorf("audit: upgrade %s %s: %w", objectType, action, err)
	}
	if _, ok := m["v"]; ok {
		if _, err := Decode(objectType, action, legacy); err != nil {
			return "", err
		}
		return legacy, nil
	}
	r := New(objectType, action)
	if r == nil {
		return "", fmt.Errorf("audit: upgrade: no record type for %s %s", objectType, action)
	}
	renamed := renameLegacy(m)
	renamed["v"] = Version
	b, err := json.Marshal(renamed)
	if err != nil {
		return "", fmt.Errorf("audit: upgrade %s %s: %w", objectType, action, err)
	}
	if err := json.Unmarshal(b, r); err != nil {
		return "", fmt.Errorf("audit: upgrade %s %s: %w", objectType, action, err)
	}
	return Encode(r)
}

// renameLegacy renames the keys of a legacy object and of the objects in
// it, dropping the keys that no record has. An organisation's settings were
// recorded under their JSON names already and stay as they are.
func renameLegacy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		name, ok := legacyNames[k]
		if !ok {
			continue
		}
		if name != "settings" {
			v = renameLegacyValue(v)
		}
		out[name] = v
	}
	return out
}

func renameLegacyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return renameLegacy(x)
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = renameLegacyValue(item)
		}
		return out
	}
	return v
}

// Read returns the record that an entry of objectType with action stores:
// nil for "", the decoded record, or for JSON of the format before version
// 1 its upgrade (rows an older binary wrote after the migration, while
// several nodes were being upgraded one by one).
func Read(objectType, action, stored string) (Record, error) {
	r, err := Decode(objectType, action, stored)
	if !errors.Is(err, ErrLegacy) {
		return r, err
	}
	upgraded, uerr := Upgrade(objectType, action, stored)
	if uerr != nil {
		return nil, err
	}
	return Decode(objectType, action, upgraded)
}
