-- The latest values of a key result from the index alone: the doubt check
-- before every check-in (store.ValueHistories) reads the last thirteen
-- values of each key result checked in; with the value outside the index
-- SQLite looked up each check-in's row by id, 12 % of the CPU of a
-- check-in of five key results at company scale. The index keeps its name
-- and its order (org_id, kr_id, at, then the row id).

-- +goose Up
DROP INDEX checkins_org_kr_at;
CREATE INDEX checkins_org_kr_at ON checkins (org_id, kr_id, at, value);

-- +goose Down
DROP INDEX checkins_org_kr_at;
CREATE INDEX checkins_org_kr_at ON checkins (org_id, kr_id, at);
