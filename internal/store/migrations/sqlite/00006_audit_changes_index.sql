-- Reading the audit log's recent entries of an object type (ChangesSince,
-- ChangeStamp) from an index that holds the object id too: with the index
-- of 00003, which lacked it, SQLite preferred audit_org_object and read every
-- entry of the type.

-- +goose Up
CREATE INDEX audit_org_type_id_object ON audit (org_id, object_type, id, object_id);
DROP INDEX audit_org_type_id;

-- +goose Down
CREATE INDEX audit_org_type_id ON audit (org_id, object_type, id);
DROP INDEX audit_org_type_id_object;
