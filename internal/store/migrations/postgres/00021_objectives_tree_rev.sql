-- The subtree revision: moves with the objective's own revision (rev) and
-- whenever anything below it changes (an objective aligned under it, at any
-- depth, or its key results), and when an objective is aligned below it or
-- leaves. A cached answer that shows the objective with its roll-up (the
-- API's get-objective) is current while this one number holds: one
-- primary-key read instead of reading the subtree (store.bumpRevs).

-- +goose Up
ALTER TABLE objectives ADD COLUMN tree_rev BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE objectives DROP COLUMN tree_rev;
