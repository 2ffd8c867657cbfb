-- Comments, mentions, in-app notifications and outbound deliveries
-- (issue 13, points 5-7; docs/webhooks.md).
--
-- comments: on an objective (kr_id and checkin_id NULL), a key result
-- (kr_id set) or a check-in (checkin_id and kr_id set). Editing keeps the
-- row (edited_at, version); deleting archives it (archived_at), never a
-- hard delete. comment_mentions: the people a comment's @[...] names.
-- events: what happened that notifications and hooks hear about, written
-- in the transaction of the change (an outbox): facts holds what the
-- change knew (JSON); fanning out (store.FanOutEvents) fills payload, the
-- versioned body of docs/webhooks.md, makes the notifications and
-- deliveries, and sets fanned_at, once. subject_id: the check-in or
-- comment the event is about.
-- notifications: one row per person and event (dedup_key), unread until
-- read_at; whether one is made, and e-mailed, follows the person's
-- choices (people.notify, okr.NotifyPrefs).
-- hooks: an organisation's outbound webhooks (kind 'webhook', the secret
-- signs bodies) and a unit's Slack and Teams incoming webhooks (kind
-- 'slack'|'teams', unit_id set). events is a comma list of event types.
-- deliveries: one per event and hook (idem_key unique: the event+target);
-- delivery_attempts: every try with its response code or error.

-- +goose Up
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    objective_id INTEGER NOT NULL REFERENCES objectives (id),
    kr_id        INTEGER REFERENCES key_results (id),
    checkin_id   INTEGER REFERENCES checkins (id),
    author_id    INTEGER NOT NULL REFERENCES people (id),
    body         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER,
    archived_at  INTEGER,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX comments_org_objective ON comments (org_id, objective_id, created_at);

CREATE TABLE comment_mentions (
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    comment_id INTEGER NOT NULL REFERENCES comments (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (comment_id, person_id)
);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    type         TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    actor_id     INTEGER REFERENCES people (id),
    objective_id INTEGER REFERENCES objectives (id),
    kr_id        INTEGER,
    subject_id   INTEGER,
    facts        TEXT    NOT NULL,
    payload      TEXT    NOT NULL DEFAULT '',
    fanned_at    INTEGER
);
CREATE INDEX events_org_at ON events (org_id, at);
CREATE INDEX events_unfanned ON events (fanned_at, id);

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    person_id    INTEGER NOT NULL REFERENCES people (id),
    kind         TEXT    NOT NULL,
    event_id     INTEGER REFERENCES events (id),
    dedup_key    TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    UNIQUE (person_id, dedup_key)
);
CREATE INDEX notifications_person ON notifications (person_id, read_at, id);

CREATE TABLE hooks (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    kind        TEXT    NOT NULL,
    unit_id     INTEGER REFERENCES units (id),
    url         TEXT    NOT NULL,
    events      TEXT    NOT NULL,
    secret      TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES people (id),
    created_at  INTEGER NOT NULL,
    archived_at INTEGER,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX hooks_org ON hooks (org_id, kind);

CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    hook_id     INTEGER NOT NULL REFERENCES hooks (id),
    event_id    INTEGER NOT NULL REFERENCES events (id),
    idem_key    TEXT    NOT NULL UNIQUE,
    state       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    done_at     INTEGER
);
CREATE INDEX deliveries_org_hook ON deliveries (org_id, hook_id, id);
CREATE INDEX deliveries_state ON deliveries (state, id);

CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
    at          INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    error       TEXT    NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);

-- +goose Down
DROP TABLE delivery_attempts;
DROP TABLE deliveries;
DROP TABLE hooks;
DROP TABLE notifications;
DROP TABLE events;
DROP TABLE comment_mentions;
DROP TABLE comments;
