-- When an objective was first published (okr.Objective.PublishedAt): key
-- results count their check-in interval from it and, by default, the
-- expected line starts at it, not at the objective's creation. The store
-- sets it on the first draft → published transition and keeps it after.
--
-- Backfill for objectives already published or closed, from the best time
-- there is: the earliest audit entry of the objective whose record shows it
-- published or closed (an update that published it, or a create as
-- published), else its creation. Objects loaded without audit entries
-- (demo data, bulk loads) get their creation time.

-- +goose Up
ALTER TABLE objectives ADD COLUMN published_at BIGINT;
UPDATE objectives SET published_at = COALESCE(
    (SELECT MIN(a.at) FROM audit a
        WHERE a.org_id = objectives.org_id AND a.object_type = 'objective' AND a.object_id = objectives.id
        AND (a.after_json LIKE '%"state":"published"%' OR a.after_json LIKE '%"state":"closed"%')),
    created_at)
WHERE state <> 'draft';

-- +goose Down
ALTER TABLE objectives DROP COLUMN published_at;
