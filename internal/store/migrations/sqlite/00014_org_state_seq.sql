-- The organisation's state sequence (store.StateStamp): one more each time
-- a transaction changes a unit, a person, the organisation or a period, in
-- that transaction. Reading whether the cached state of an organisation is
-- current is then one primary-key read instead of two index scans of the
-- audit log per object type (issue 11).

-- +goose Up
ALTER TABLE orgs ADD COLUMN state_seq BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE orgs DROP COLUMN state_seq;
