package store

import "github.com/okr-dev/okr/internal/okr"

// Actor is who performs a write: a person of an organisation, or the system
// (the CLI, imports, the demo) acting in one organisation.
//
// The store reads the person's role from the database when a write begins;
// Role here is informational (for the caller's own display logic) and never
// grants anything by itself.
type Actor struct {
	OrgID    int64
	PersonID int64
	Role     okr.Role
	System   bool
	// Via names the channel of a system actor's changes in the audit log
	// (okr.AuditEntry.Via): "scim" for provisioning.
	Via string
	// Quiet makes the actor's changes no events (event.go): nobody is
	// notified and no hook hears of them. For writes on a person's behalf
	// that nobody made in the application, such as the demo's history.
	Quiet bool
}

// SystemActor returns the actor of the CLI, imports and demo data: it may do
// anything in orgID and is recorded as no person in the audit log.
func SystemActor(orgID int64) Actor {
	return Actor{OrgID: orgID, Role: okr.RoleAdmin, System: true}
}

// PersonActor returns the actor for person p.
func PersonActor(p okr.Person) Actor {
	return Actor{OrgID: p.OrgID, PersonID: p.ID, Role: p.Role}
}

// SCIMActor returns the actor of provisioning (SCIM) in orgID: it may
// change people and units like an admin and is recorded in the audit log as
// no person, via "scim".
func SCIMActor(orgID int64) Actor {
	return Actor{OrgID: orgID, Role: okr.RoleAdmin, System: true, Via: ViaSCIM}
}

// ViaSCIM is the audit log's channel of provisioning (okr.AuditEntry.Via).
const ViaSCIM = "scim"
