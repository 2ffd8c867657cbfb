-- Carry-overs: an objective copied into a later period to go on with
-- unfinished work (store.CarryOver). The copy links back to its source, and
-- the source shows where its work went on (issue 15).

-- +goose Up
CREATE TABLE carry_overs (
    org_id   BIGINT NOT NULL REFERENCES orgs (id),
    from_id  BIGINT NOT NULL REFERENCES objectives (id),
    to_id    BIGINT NOT NULL REFERENCES objectives (id),
    by_id    BIGINT REFERENCES people (id),
    at       BIGINT NOT NULL,
    PRIMARY KEY (to_id)
);
CREATE INDEX carry_overs_org_from ON carry_overs (org_id, from_id);

-- +goose Down
DROP TABLE carry_overs;
