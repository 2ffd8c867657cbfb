package store

import (
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// A period's name is unique in its organisation, compared without regard to
// case, archived periods included: objectives in files and exports name
// their period by name, and an archived period comes back with its name
// when it is restored. To reuse the name of an archived period, rename
// that period first. The unique index periods_org_name (migration 00005)
// backs the check up when two saves race.

// periodNameTaken is the error for a name another period has.
func periodNameTaken(name string) *okr.Error {
	return &okr.Error{Code: okr.ECONFLICT, Field: "name", Key: "err.period_name_taken", Args: map[string]any{"Name": name},
		Message: fmt.Sprintf("another period is called %s already (perhaps an archived one); choose another name", name)}
}

// uniquePeriodName returns ECONFLICT (field "name") when a period of the
// organisation other than id (0 for a new period) has name, in any case.
func (t *tx) uniquePeriodName(name string, id int64) error {
	rows, err := t.query(t.ctx, `SELECT name FROM periods WHERE org_id = ? AND id <> ?`, t.org(), id)
	if err != nil {
		return fmt.Errorf("check period name: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return fmt.Errorf("check period name: %w", err)
		}
		if strings.EqualFold(other, name) {
			return periodNameTaken(name)
		}
	}
	return rows.Err()
}

// periodWriteError turns the unique violation of a period write that lost
// a race for its name into the error the check gives.
func periodWriteError(err error, name string) error {
	if isUniqueViolation(err) {
		return periodNameTaken(name)
	}
	return err
}
