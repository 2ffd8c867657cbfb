package store

import (
	"context"
	"fmt"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Ticket kinds: an invitation to set a first password, and a password
// reset.
const (
	TicketInvite = "invite"
	TicketReset  = "reset"
)

// ticketPrefix starts every ticket's plaintext.
const ticketPrefix = "okt_"

// CreateTicket creates a one-time ticket of kind for the person, valid for
// ttl, and returns its plaintext (for the link in the e-mail), shown this
// once: only its SHA-256 is stored. Returns EINVALID for an unknown kind or
// a ttl that is not positive, ENOTFOUND for an unknown person and EINVALID
// for an archived one.
func (db *DB) CreateTicket(ctx context.Context, kind string, personID int64, ttl time.Duration) (string, error) {
	if kind != TicketInvite && kind != TicketReset {
		return "", invalid("kind", fmt.Sprintf("unknown ticket kind %q", kind))
	}
	if ttl <= 0 {
		return "", invalid("ttl", "a ticket must stay valid for some time")
	}
	plain, hash, err := newSecret(ticketPrefix)
	if err != nil {
		return "", err
	}
	now := db.clock()
	err = db.transact(ctx, "create ticket", func(c conn) error {
		var orgID int64
		var archived bool
		if err := c.queryRow(ctx, `SELECT org_id, archived_at IS NOT NULL FROM people WHERE id = ?`, personID).Scan(&orgID, &archived); isNoRows(err) {
			return notFound("person", personID)
		} else if err != nil {
			return err
		}
		if archived {
			return invalid("person", "the person is archived")
		}
		_, err := c.exec(ctx, `INSERT INTO auth_tickets (org_id, person_id, kind, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			orgID, personID, kind, hash, micros(now), micros(now.Add(ttl)))
		return err
	})
	if err != nil {
		return "", err
	}
	return plain, nil
}

// UseTicket redeems a ticket of kind and returns its person. A ticket works
// once and only before it expires; unknown, used and expired tickets and
// tickets of archived people give EUNAUTHORIZED.
func (db *DB) UseTicket(ctx context.Context, kind, plaintext string) (okr.Person, error) {
	bad := &okr.Error{Code: okr.EUNAUTHORIZED, Key: "err.bad_ticket", Message: "this link has expired or has been used already"}
	var p okr.Person
	now := db.clock()
	err := db.transact(ctx, "use ticket", func(c conn) error {
		var orgID, personID int64
		err := c.queryRow(ctx, `UPDATE auth_tickets SET used_at = ? WHERE hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?
			RETURNING org_id, person_id`, micros(now), hashSecret(plaintext), kind, micros(now)).Scan(&orgID, &personID)
		if isNoRows(err) {
			return bad
		} else if err != nil {
			return err
		}
		if p, err = getPerson(ctx, c, orgID, personID); err != nil {
			return err
		}
		if p.Archived {
			return bad
		}
		return nil
	})
	return p, err
}
