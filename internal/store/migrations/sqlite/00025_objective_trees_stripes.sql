-- Subtree revisions in stripes, as on PostgreSQL (its migration 25 says
-- why). SQLite has one writer and no row locks, so its writes all use
-- stripe 0; the column keeps one schema and one set of statements.

-- +goose Up
CREATE TABLE objective_trees_striped (
    objective_id INTEGER NOT NULL REFERENCES objectives (id),
    stripe       INTEGER NOT NULL DEFAULT 0,
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    tree_rev     INTEGER NOT NULL,
    PRIMARY KEY (objective_id, stripe)
) WITHOUT ROWID;
INSERT INTO objective_trees_striped (objective_id, stripe, org_id, tree_rev)
    SELECT objective_id, 0, org_id, tree_rev FROM objective_trees;
DROP TABLE objective_trees;
ALTER TABLE objective_trees_striped RENAME TO objective_trees;

-- +goose Down
CREATE TABLE objective_trees_single (
    objective_id INTEGER PRIMARY KEY REFERENCES objectives (id),
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    tree_rev     INTEGER NOT NULL
);
INSERT INTO objective_trees_single (objective_id, org_id, tree_rev)
    SELECT objective_id, org_id, SUM(tree_rev) FROM objective_trees GROUP BY objective_id, org_id;
DROP TABLE objective_trees;
ALTER TABLE objective_trees_single RENAME TO objective_trees;
