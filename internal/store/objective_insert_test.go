package store

import (
	"strings"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// TestObjectiveInsertColumns keeps the column list, its count and the
// values of a row in step.
func TestObjectiveInsertColumns(t *testing.T) {
	cols := strings.Split(objectiveInsertColumns, ",")
	if len(cols) != objectiveInsertCount {
		t.Errorf("objectiveInsertColumns has %d columns, objectiveInsertCount says %d", len(cols), objectiveInsertCount)
	}
	if n := len(objectiveValues(nil, 1, &okr.Objective{}, nil, 0, 0)); n != objectiveInsertCount {
		t.Errorf("objectiveValues gives %d values, want %d", n, objectiveInsertCount)
	}
	if n := strings.Count(insertObjective, "?"); n != objectiveInsertCount {
		t.Errorf("insertObjective has %d placeholders, want %d", n, objectiveInsertCount)
	}
}
