-- Subtree revisions in a table of their own. Kept on the objectives
-- (migration 21), a write's bump of every objective above the ones it
-- touched took row locks on objectives that other transactions had locked
-- by editing them, in no common order: PostgreSQL found deadlocks between
-- an edit and a check-in below it. Here the bump is the only writer, and
-- it locks its rows in id order (store.bumpRevs), so two bumps cannot
-- wait on each other in a cycle. A missing row is revision 0.

-- +goose Up
CREATE TABLE objective_trees (
    objective_id INTEGER PRIMARY KEY REFERENCES objectives (id),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    tree_rev     INTEGER NOT NULL
);
ALTER TABLE objectives DROP COLUMN tree_rev;

-- +goose Down
ALTER TABLE objectives ADD COLUMN tree_rev BIGINT NOT NULL DEFAULT 0;
DROP TABLE objective_trees;
