-- Provisioning with SCIM 2.0 (docs/scim.md).
--
-- tokens.scope: 'api' for the JSON API's tokens, 'scim' for an
-- organisation's SCIM token (one active at a time; person_id is the admin
-- who made it, recorded, not required to stay active). Authenticate accepts
-- only 'api' tokens, AuthenticateSCIM only 'scim' ones.
-- people.external_id, units.external_id: the identity provider's
-- externalId of a provisioned user, and of the group mapped to a unit.
-- audit.via: the channel of a change made by no person ('scim'), '' else.

-- +goose Up
ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'api';
CREATE INDEX tokens_org_scope ON tokens (org_id, scope);
ALTER TABLE people ADD COLUMN external_id TEXT;
CREATE INDEX people_org_external ON people (org_id, external_id);
ALTER TABLE units ADD COLUMN external_id TEXT;
CREATE INDEX units_org_external ON units (org_id, external_id);
ALTER TABLE audit ADD COLUMN via TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE audit DROP COLUMN via;
DROP INDEX units_org_external;
ALTER TABLE units DROP COLUMN external_id;
DROP INDEX people_org_external;
ALTER TABLE people DROP COLUMN external_id;
DROP INDEX tokens_org_scope;
ALTER TABLE tokens DROP COLUMN scope;
