// Package store is the storage layer of okr on SQLite and PostgreSQL.
//
// One set of hand-written SQL queries serves both dialects: queries are
// written with ? placeholders and rebound to $1..$n for PostgreSQL. Only the
// migrations (migrations/sqlite, migrations/postgres) and a few genuine
// differences (id lists, backups, driver error codes) are per dialect.
//
// Every table but orgs carries org_id and every query filters by it: no
// method reads or writes across organisations (the exceptions, for sign-in
// and operators, say so: GetPersonByEmail, ListOrgs, Authenticate,
// UseTicket, RevokeTokenByID). Write methods take an Actor and check its
// permissions inside their transaction, reading the actor's role from the
// database; read methods take an org id. Errors handed to callers are
// *okr.Error (or okr.ValidationErrors, which unwraps to them) with a code:
// ENOTFOUND, EINVALID with the field, ECONFLICT, ESTALE, EFORBIDDEN,
// EUNAUTHORIZED. Anything else is an unexpected failure wrapped with
// context.
//
// Every updatable object has a version that starts at 1 and grows with
// each update, archive and restore; writers pass the version they read and
// get ESTALE when someone else saved first. Archiving never deletes a row:
// it sets archived_at, lists hide archived rows unless asked, and Restore
// brings them back. A milestone removed from a key result is archived too
// (ListArchivedMilestones), so that older check-ins naming it keep their
// meaning; only links that the audit entry of their owner records in full
// (unit leads, contributes-to links) are replaced in place. Every change writes an audit entry (ListAudit) with the
// object before and after as its record (internal/audit), in the same
// transaction.
//
// Timestamps are stored as unix microseconds (UTC), calendar dates as
// 'YYYY-MM-DD' text, booleans as 0/1 integers.
//
// Typical use:
//
//	db, err := store.Open(ctx, "okr.db") // or a postgres:// URL
//	org, err := db.CreateOrg(ctx, "Acme", "acme")
//	sys := store.SystemActor(org.ID)     // the CLI, imports, the demo
//	admin, err := db.CreatePerson(ctx, sys, okr.Person{Name: "Ada", Email: "ada@acme.test", Role: okr.RoleAdmin})
//	o, err := db.CreateObjective(ctx, store.PersonActor(admin), okr.Objective{…})
//	objs, total, err := db.ListObjectives(ctx, org.ID, store.ObjectiveFilter{PeriodID: p.ID})
//
// On SQLite, writes run on one connection with BEGIN IMMEDIATE while reads
// use a pool, so readers run in parallel (WAL) and writers queue instead of
// failing with SQLITE_BUSY.
package store
