-- SQLite's migration 24 puts the id before the value in
-- checkins_org_kr_at, so that its latest-first reads need no sort.
-- PostgreSQL's index has no value column (migration 23) and reads the
-- latest check-ins through a LATERAL join; it stays as it is. This
-- migration keeps the two schemas' versions in step.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
