-- For whom a check-in was made when its author checked in on someone
-- else's behalf (okr.CheckIn.OnBehalfOf): the key result's owner person or
-- unit at the time, shown as "registered by" the author. Both NULL for a
-- check-in by the owner.

-- +goose Up
ALTER TABLE checkins ADD COLUMN behalf_person_id INTEGER;
ALTER TABLE checkins ADD COLUMN behalf_unit_id INTEGER;

-- +goose Down
ALTER TABLE checkins DROP COLUMN behalf_unit_id;
ALTER TABLE checkins DROP COLUMN behalf_person_id;
