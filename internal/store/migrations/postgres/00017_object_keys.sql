-- The stable keys of the OKR file (docs/okr-file.md): the key a unit, KPI,
-- objective or key result has in a file imported or applied, or in an
-- export, so that `okr apply` finds the same object again after its name
-- or title changed (issue 14). People are keyed by e-mail and periods by
-- name, which the tables hold already.

-- +goose Up
CREATE TABLE object_keys (
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    object_type TEXT NOT NULL,
    object_id   BIGINT NOT NULL,
    file_key    TEXT NOT NULL,
    PRIMARY KEY (org_id, object_type, object_id),
    UNIQUE (org_id, object_type, file_key)
);

-- +goose Down
DROP TABLE object_keys;
