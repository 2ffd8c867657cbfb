-- Grades get a version like every other object people change, so that
-- re-grading a key result says which grade it replaces: store.SetGrade
-- takes the expected version (0 to create the first grade) and returns
-- ESTALE when someone else graded first. Existing grades are at version 1.

-- +goose Up
ALTER TABLE grades ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE grades DROP COLUMN version;
