-- A period's name is unique in its organisation, ignoring case and
-- including archived periods: exports carry archived periods and objectives
-- name their period by name, so two periods of one name made an export that
-- could not be imported. store.CreatePeriod and UpdatePeriod report a taken
-- name as ECONFLICT on "name"; this index is the last line of defence.
-- Names that clash already keep the oldest period's name; the others get
-- their id appended, e.g. "Q1 2026 (17)".

-- +goose Up
UPDATE periods SET name = name || ' (' || id || ')'
WHERE EXISTS (SELECT 1 FROM periods older
    WHERE older.org_id = periods.org_id AND lower(older.name) = lower(periods.name) AND older.id < periods.id);
CREATE UNIQUE INDEX periods_org_name ON periods (org_id, lower(name));

-- +goose Down
DROP INDEX periods_org_name;
