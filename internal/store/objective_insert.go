package store

import (
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// objectiveInsertColumns are the columns that every INSERT of an objective writes,
// in the order of objectiveValues: creating, copying, importing one and
// loading many.
const objectiveInsertColumns = `org_id, period_id, title, description, search, owner_unit_id, owner_person_id,
	weight, parent_id, state, reflection, archived_at, version, created_at, updated_at, published_at`

// objectiveInsertCount is the number of objectiveInsertColumns.
const objectiveInsertCount = 16

// insertObjective inserts one objective; the database chooses its id.
var insertObjective = `INSERT INTO objectives (` + objectiveInsertColumns + `) VALUES (` +
	strings.TrimSuffix(strings.Repeat("?, ", objectiveInsertCount), ", ") + `)`

// objectiveValues appends the values of o's new row to args in the order of
// objectiveInsertColumns: o in orgID at version 1, archivedAt nil or the time of
// archiving, and the times created and updated, all in microseconds. An
// objective that is not a draft is published at o.PublishedAt or, when
// that is not set (a file carries no publish time), at created.
func objectiveValues(args []any, orgID int64, o *okr.Objective, archivedAt any, created, updated int64) []any {
	var published any
	if o.State != okr.StateDraft {
		published = created
		if o.PublishedAt != nil {
			published = micros(*o.PublishedAt)
		}
	}
	return append(args, orgID, o.PeriodID, o.Title, o.Description, objectiveSearch(o), nullID(o.Owner.UnitID),
		nullID(o.Owner.PersonID), o.Weight, nullID(o.ParentID), string(o.State), o.Reflection, archivedAt, 1, created, updated, published)
}
