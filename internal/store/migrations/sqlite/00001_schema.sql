-- The initial schema of okr on SQLite. Timestamps are unix microseconds
-- (UTC) in INTEGER columns; calendar dates are TEXT 'YYYY-MM-DD'; booleans
-- are INTEGER 0/1. Every table but orgs carries org_id.

-- +goose Up
CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    slug        TEXT    NOT NULL UNIQUE,
    settings    TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    parent_id   INTEGER REFERENCES units (id),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    archived_at INTEGER,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);
CREATE INDEX units_org_parent ON units (org_id, parent_id);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    email         TEXT    NOT NULL,
    email_key     TEXT    NOT NULL UNIQUE, -- lower-cased e-mail, unique across orgs
    name          TEXT    NOT NULL,
    search        TEXT    NOT NULL,        -- lower-cased name and e-mail
    role          TEXT    NOT NULL,
    unit_id       INTEGER REFERENCES units (id),
    language      TEXT    NOT NULL DEFAULT '',
    password_hash TEXT,
    archived_at   INTEGER,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);
CREATE INDEX people_org_unit ON people (org_id, unit_id);

CREATE TABLE unit_leads (
    org_id    INTEGER NOT NULL REFERENCES orgs (id),
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (unit_id, person_id)
);
CREATE INDEX unit_leads_person ON unit_leads (org_id, person_id);

CREATE TABLE periods (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL,
    closed      INTEGER NOT NULL DEFAULT 0,
    archived_at INTEGER,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);
CREATE INDEX periods_org_start ON periods (org_id, start_date);

CREATE TABLE objectives (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs (id),
    period_id       INTEGER NOT NULL REFERENCES periods (id),
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    search          TEXT    NOT NULL, -- lower-cased title and description
    owner_unit_id   INTEGER REFERENCES units (id),
    owner_person_id INTEGER REFERENCES people (id),
    weight          REAL    NOT NULL,
    parent_id       INTEGER REFERENCES objectives (id),
    state           TEXT    NOT NULL,
    reflection      TEXT    NOT NULL DEFAULT '',
    archived_at     INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK ((owner_unit_id IS NULL) <> (owner_person_id IS NULL))
);
CREATE INDEX objectives_org_period ON objectives (org_id, period_id);
CREATE INDEX objectives_org_parent ON objectives (org_id, parent_id);
CREATE INDEX objectives_org_owner_unit ON objectives (org_id, owner_unit_id);
CREATE INDEX objectives_org_owner_person ON objectives (org_id, owner_person_id);

CREATE TABLE objective_contributes (
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    objective_id INTEGER NOT NULL REFERENCES objectives (id),
    target_id    INTEGER NOT NULL REFERENCES objectives (id),
    PRIMARY KEY (objective_id, target_id)
);
CREATE INDEX objective_contributes_target ON objective_contributes (org_id, target_id);

CREATE TABLE kpis (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs (id),
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL DEFAULT '',
    unit_kind     TEXT    NOT NULL,
    unit_code     TEXT    NOT NULL DEFAULT '',
    direction     TEXT    NOT NULL,
    frequency     TEXT    NOT NULL,
    warn          REAL,
    critical      REAL,
    owner_unit_id INTEGER REFERENCES units (id),
    archived_at   INTEGER,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);
CREATE INDEX kpis_org ON kpis (org_id);

CREATE TABLE key_results (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs (id),
    objective_id    INTEGER NOT NULL REFERENCES objectives (id),
    title           TEXT    NOT NULL,
    owner_unit_id   INTEGER REFERENCES units (id),
    owner_person_id INTEGER REFERENCES people (id),
    weight          REAL    NOT NULL,
    metric_kind     TEXT    NOT NULL,
    metric_start    REAL    NOT NULL DEFAULT 0,
    metric_target   REAL    NOT NULL DEFAULT 0,
    unit_kind       TEXT    NOT NULL,
    unit_code       TEXT    NOT NULL DEFAULT '',
    kpi_id          INTEGER REFERENCES kpis (id),
    position        INTEGER NOT NULL DEFAULT 0,
    current_value   REAL,
    confidence      TEXT    NOT NULL DEFAULT '',
    last_checkin_at INTEGER,
    archived_at     INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL
);
CREATE INDEX key_results_org_objective ON key_results (org_id, objective_id, position);
CREATE INDEX key_results_org_kpi ON key_results (org_id, kpi_id);

CREATE TABLE milestones (
    id       INTEGER PRIMARY KEY,
    org_id   INTEGER NOT NULL REFERENCES orgs (id),
    kr_id    INTEGER NOT NULL REFERENCES key_results (id),
    title    TEXT    NOT NULL,
    done     INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL
);
CREATE INDEX milestones_org_kr ON milestones (org_id, kr_id, position);

CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs (id),
    kr_id           INTEGER NOT NULL REFERENCES key_results (id),
    value           REAL    NOT NULL,
    milestones_done TEXT    NOT NULL DEFAULT '', -- JSON array of milestone ids
    confidence      TEXT    NOT NULL,
    comment         TEXT    NOT NULL DEFAULT '',
    author_id       INTEGER REFERENCES people (id),
    at              INTEGER NOT NULL,
    late            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX checkins_org_kr_at ON checkins (org_id, kr_id, at);

CREATE TABLE target_changes (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    kr_id      INTEGER NOT NULL REFERENCES key_results (id),
    old_start  REAL    NOT NULL,
    old_target REAL    NOT NULL,
    new_start  REAL    NOT NULL,
    new_target REAL    NOT NULL,
    author_id  INTEGER REFERENCES people (id),
    at         INTEGER NOT NULL,
    reason     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX target_changes_org_kr ON target_changes (org_id, kr_id, at);

CREATE TABLE initiatives (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs (id),
    kr_id           INTEGER NOT NULL REFERENCES key_results (id),
    title           TEXT    NOT NULL,
    owner_person_id INTEGER REFERENCES people (id),
    status          TEXT    NOT NULL,
    due             TEXT,
    archived_at     INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL
);
CREATE INDEX initiatives_org_kr ON initiatives (org_id, kr_id);

CREATE TABLE kpi_values (
    id        INTEGER PRIMARY KEY,
    org_id    INTEGER NOT NULL REFERENCES orgs (id),
    kpi_id    INTEGER NOT NULL REFERENCES kpis (id),
    value     REAL    NOT NULL,
    at        INTEGER NOT NULL,
    author_id INTEGER REFERENCES people (id)
);
CREATE INDEX kpi_values_org_kpi_at ON kpi_values (org_id, kpi_id, at);

CREATE TABLE grades (
    kr_id     INTEGER PRIMARY KEY REFERENCES key_results (id),
    org_id    INTEGER NOT NULL REFERENCES orgs (id),
    score     REAL    NOT NULL,
    suggested REAL    NOT NULL,
    note      TEXT    NOT NULL DEFAULT '',
    graded_by INTEGER REFERENCES people (id),
    at        INTEGER NOT NULL
);
CREATE INDEX grades_org ON grades (org_id);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES people (id),
    object_type TEXT    NOT NULL,
    object_id   INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    before_json TEXT    NOT NULL DEFAULT '',
    after_json  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_org_object ON audit (org_id, object_type, object_id, id);
CREATE INDEX audit_org_actor ON audit (org_id, actor_id, id);

CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    name       TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE, -- hex SHA-256 of the plaintext
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_used  INTEGER
);
CREATE INDEX tokens_org_person ON tokens (org_id, person_id);

CREATE TABLE follows (
    org_id      INTEGER NOT NULL REFERENCES orgs (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    kind        TEXT    NOT NULL,
    target_id   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    unfollowed_at INTEGER,
    PRIMARY KEY (person_id, kind, target_id)
);
CREATE INDEX follows_org_target ON follows (org_id, kind, target_id);

CREATE TABLE sessions (
    token  TEXT    PRIMARY KEY,
    data   BLOB    NOT NULL,
    expiry INTEGER NOT NULL -- unix microseconds
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE auth_tickets (
    id         INTEGER PRIMARY KEY,
    org_id     INTEGER NOT NULL REFERENCES orgs (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    kind       TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX auth_tickets_org_person ON auth_tickets (org_id, person_id);

CREATE TABLE signin_failures (
    id        INTEGER PRIMARY KEY,
    email_key TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX signin_failures_email_at ON signin_failures (email_key, at);

-- +goose Down
DROP TABLE signin_failures;
DROP TABLE auth_tickets;
DROP TABLE sessions;
DROP TABLE follows;
DROP TABLE tokens;
DROP TABLE audit;
DROP TABLE grades;
DROP TABLE kpi_values;
DROP TABLE initiatives;
DROP TABLE target_changes;
DROP TABLE checkins;
DROP TABLE milestones;
DROP TABLE key_results;
DROP TABLE kpis;
DROP TABLE objective_contributes;
DROP TABLE objectives;
DROP TABLE periods;
DROP TABLE unit_leads;
DROP TABLE people;
DROP TABLE units;
DROP TABLE orgs;
