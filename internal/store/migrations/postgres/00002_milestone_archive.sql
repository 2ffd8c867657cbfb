-- Milestones removed from a key result are archived instead of deleted, so
-- that older check-ins that name them (checkins.milestones_done) keep their
-- meaning, and exports can still name them.

-- +goose Up
ALTER TABLE milestones ADD COLUMN archived_at BIGINT;

-- +goose Down
ALTER TABLE milestones DROP COLUMN archived_at;
