-- A person's session epoch (okr.Person.SessionEpoch): moved when their
-- password is set, so that every session signed in before (which holds the
-- epoch of its sign-in) ends on its next request, on every node.

-- +goose Up
ALTER TABLE people ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE people DROP COLUMN session_epoch;
