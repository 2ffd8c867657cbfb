-- The content revision of an objective (okr.Objective.Rev): bumped in the
-- same transaction as every change to the objective or to what it holds,
-- so that the web server can cache what it renders of an objective and
-- know, from the objective row alone, whether the cache is still right.

-- +goose Up
ALTER TABLE objectives ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE objectives DROP COLUMN rev;
