-- Indexes for pages at company scale (10,000 people, 100,000 key results):
-- store.ChangeStamp finds the newest audit entry of an object type without
-- scanning, and a person's own key results are found without reading every
-- key result of the organisation.

-- +goose Up
CREATE INDEX audit_org_type_id ON audit (org_id, object_type, id);
CREATE INDEX key_results_org_owner_person ON key_results (org_id, owner_person_id);

-- +goose Down
DROP INDEX key_results_org_owner_person;
DROP INDEX audit_org_type_id;
