-- Subtree revisions in stripes. Every write bumps the subtree revision of
-- every objective above what it touched (store.bumpRevs), so every
-- check-in of the organisation updated the rows of the company's
-- objectives at the top, and on PostgreSQL each held those row locks until
-- its commit was on disk: concurrent check-ins queued for them one commit
-- at a time (in a load test of one-key-result check-ins a third of the
-- active backends sampled waited on a transaction lock in that
-- statement). A write now
-- bumps its objectives' rows of one stripe of its own; an objective's
-- subtree revision is the sum of its stripes, which grows with every bump
-- as the one row did. Two writes wait on each other only when they
-- touch an objective in the same stripe.

-- +goose Up
ALTER TABLE objective_trees ADD COLUMN stripe SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE objective_trees DROP CONSTRAINT objective_trees_pkey;
ALTER TABLE objective_trees ADD PRIMARY KEY (objective_id, stripe);

-- +goose Down
INSERT INTO objective_trees (objective_id, org_id, stripe, tree_rev)
    SELECT objective_id, org_id, -1, SUM(tree_rev) FROM objective_trees GROUP BY objective_id, org_id;
DELETE FROM objective_trees WHERE stripe <> -1;
ALTER TABLE objective_trees DROP CONSTRAINT objective_trees_pkey;
ALTER TABLE objective_trees DROP COLUMN stripe;
ALTER TABLE objective_trees ADD PRIMARY KEY (objective_id);
