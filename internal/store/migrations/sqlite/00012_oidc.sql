-- Single sign-on with OpenID Connect (okr.SSOConfig): one provider per
-- organisation, and the provider's subject of each person who signed in
-- through it, so that a later change of their e-mail address still finds
-- them. Domains and scopes are newline-separated; group_units is JSON.

-- +goose Up
CREATE TABLE sso_configs (
    org_id        INTEGER PRIMARY KEY REFERENCES orgs (id),
    enabled       INTEGER NOT NULL DEFAULT 0,
    name          TEXT    NOT NULL DEFAULT '',
    issuer        TEXT    NOT NULL DEFAULT '',
    client_id     TEXT    NOT NULL DEFAULT '',
    client_secret TEXT    NOT NULL DEFAULT '',
    scopes        TEXT    NOT NULL DEFAULT '',
    domains       TEXT    NOT NULL DEFAULT '',
    groups_claim  TEXT    NOT NULL DEFAULT '',
    group_units   TEXT    NOT NULL DEFAULT '[]',
    admin_group   TEXT    NOT NULL DEFAULT '',
    password_off  INTEGER NOT NULL DEFAULT 0,
    verified_at   INTEGER,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    INTEGER NOT NULL
);
ALTER TABLE people ADD COLUMN sso_subject TEXT;
CREATE UNIQUE INDEX people_org_sso_subject ON people (org_id, sso_subject) WHERE sso_subject IS NOT NULL;

-- +goose Down
DROP INDEX people_org_sso_subject;
ALTER TABLE people DROP COLUMN sso_subject;
DROP TABLE sso_configs;
