-- Key results by owner unit: the check-in list (store.KeyResultsToCheckIn)
-- finds what a person checks in through the owner indexes of objectives
-- and key results instead of walking every key result of the period
-- (issue 11: 106,099 key results in one period at company scale).

-- +goose Up
CREATE INDEX key_results_org_owner_unit ON key_results (org_id, owner_unit_id);

-- +goose Down
DROP INDEX key_results_org_owner_unit;
