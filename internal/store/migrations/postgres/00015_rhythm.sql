-- The rhythm (issue 13): each person's notification choices (okr.NotifyPrefs
-- as JSON), and the e-mails and other messages sent under an idempotency
-- key, so that a job run again after a crash sees what went out already.

-- +goose Up
ALTER TABLE people ADD COLUMN notify TEXT NOT NULL DEFAULT '{}';
CREATE TABLE sent_messages (
    key     TEXT   NOT NULL PRIMARY KEY,
    org_id  BIGINT NOT NULL REFERENCES orgs (id),
    sent_at BIGINT NOT NULL
);
CREATE INDEX sent_messages_org ON sent_messages (org_id, sent_at);

-- +goose Down
DROP TABLE sent_messages;
ALTER TABLE people DROP COLUMN notify;
