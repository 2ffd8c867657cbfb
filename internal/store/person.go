package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const personColumns = `id, org_id, email, name, role, unit_id, language, archived_at, version, session_epoch, external_id, notify`

func scanPerson(s scanner) (okr.Person, error) {
	var r personRow
	err := s.Scan(r.dests()...)
	return r.person(), err
}

// personRow receives a row of personColumns.
type personRow struct {
	p              okr.Person
	unit, archived sql.NullInt64
	role           string
	external       sql.NullString
	notify         string
}

func (r *personRow) dests() []any {
	return []any{&r.p.ID, &r.p.OrgID, &r.p.Email, &r.p.Name, &r.role, &r.unit, &r.p.Language, &r.archived, &r.p.Version, &r.p.SessionEpoch, &r.external, &r.notify}
}

func (r *personRow) person() okr.Person {
	p := r.p
	p.Role, p.UnitID, p.Archived, p.ExternalID = okr.Role(r.role), idPtr(r.unit), r.archived.Valid, r.external.String
	// Choices that do not parse (never written so) count as the defaults.
	_ = json.Unmarshal([]byte(r.notify), &p.Notify)
	return p
}

// emailKey is the stored, comparable form of an e-mail address.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// personSearch is the lower-cased text that PersonFilter.Query searches.
func personSearch(p *okr.Person) string { return strings.ToLower(p.Name + "\n" + p.Email) }

// PersonFilter selects people. Query matches name or e-mail, ignoring case.
// Limit 0 means no limit.
type PersonFilter struct {
	UnitID          *int64
	Query           string
	IncludeArchived bool
	Limit, Offset   int
}

// GetPerson returns the person, or ENOTFOUND.
func (db *DB) GetPerson(ctx context.Context, orgID, id int64) (okr.Person, error) {
	return getPerson(ctx, db.reader(), orgID, id)
}

func getPerson(ctx context.Context, c conn, orgID, id int64) (okr.Person, error) {
	p, err := scanPerson(c.queryRow(ctx, `SELECT `+personColumns+` FROM people WHERE id = ? AND org_id = ?`, id, orgID))
	if isNoRows(err) {
		return p, notFound("person", id)
	} else if err != nil {
		return p, fmt.Errorf("get person: %w", err)
	}
	return p, nil
}

// GetPersonByEmail returns the person with the e-mail address, compared
// without case, in whatever organisation: e-mail addresses are unique across
// organisations, so sign-in finds the organisation from the person. Archived
// people are returned too (check Archived). Returns ENOTFOUND.
func (db *DB) GetPersonByEmail(ctx context.Context, email string) (okr.Person, error) {
	p, err := scanPerson(db.reader().queryRow(ctx, `SELECT `+personColumns+` FROM people WHERE email_key = ?`, emailKey(email)))
	if isNoRows(err) {
		return p, &okr.Error{Code: okr.ENOTFOUND, Message: "no person has this e-mail address", Key: "err.not_found"}
	} else if err != nil {
		return p, fmt.Errorf("store: get person by email: %w", err)
	}
	return p, nil
}

// ListPeople returns the organisation's people matching f by name, and the
// number of matches without Limit and Offset.
func (db *DB) ListPeople(ctx context.Context, orgID int64, f PersonFilter) ([]okr.Person, int, error) {
	where, args := "org_id = ?", []any{orgID}
	if f.UnitID != nil {
		where, args = where+" AND unit_id = ?", append(args, *f.UnitID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where, args = where+` AND search LIKE ? ESCAPE '\'`, append(args, likePattern(strings.ToLower(q)))
	}
	if !f.IncludeArchived {
		where += " AND archived_at IS NULL"
	}
	c := db.reader()
	var total int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count people: %w", err)
	}
	rows, err := c.query(ctx, `SELECT `+personColumns+` FROM people WHERE `+where+` ORDER BY name, id`+limitClause(f.Limit, f.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list people: %w", err)
	}
	defer rows.Close()
	var out []okr.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list people: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list people: %w", err)
	}
	return out, total, nil
}

// limitClause returns " LIMIT n OFFSET m" for positive values. The numbers
// are formatted ints, never user text.
func limitClause(limit, offset int) string {
	s := ""
	if limit > 0 {
		s = fmt.Sprintf(" LIMIT %d", limit)
	} else if offset > 0 {
		s = " LIMIT 1000000000"
	}
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}

// CreatePerson adds a person to the actor's organisation. Only admins may.
// Returns EINVALID for bad fields or a unit not in the organisation and
// ECONFLICT (field "email") when the e-mail address is taken in any
// organisation.
func (db *DB) CreatePerson(ctx context.Context, actor Actor, p okr.Person) (okr.Person, error) {
	err := db.write(ctx, actor, "create person", func(t *tx) error {
		if err := t.requireAdmin("people"); err != nil {
			return err
		}
		if err := t.checkPerson(&p, 0); err != nil {
			return err
		}
		p.ExternalID = ""
		return t.insertPerson(&p)
	})
	return p, err
}

// insertPerson inserts the checked person p and audits it.
func (t *tx) insertPerson(p *okr.Person) error {
	var err error
	p.ID, err = t.insert(t.ctx, `INSERT INTO people (org_id, email, email_key, name, search, role, unit_id, language, version, created_at, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		t.org(), p.Email, emailKey(p.Email), p.Name, personSearch(p), string(p.Role), nullID(p.UnitID), p.Language, micros(t.now), nullText(p.ExternalID))
	if err != nil {
		return err
	}
	p.OrgID, p.Version, p.Archived = t.org(), 1, false
	return t.audit("person", p.ID, ActionCreate, nil, audit.FromPerson(p))
}

// endSessions moves the person's session epoch: every session signed in
// before ends on its next request, on every node (web.withViewer).
func (t *tx) endSessions(personID int64) error {
	_, err := t.exec(t.ctx, `UPDATE people SET session_epoch = session_epoch + 1 WHERE id = ? AND org_id = ?`, personID, t.org())
	return err
}

// checkPerson validates p, its unit and the uniqueness of its e-mail (id is
// the person's own id, 0 when new).
func (t *tx) checkPerson(p *okr.Person, id int64) error {
	p.Email, p.Name = strings.TrimSpace(p.Email), strings.TrimSpace(p.Name)
	if p.UnitID != nil && *p.UnitID == 0 {
		p.UnitID = nil
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if p.UnitID != nil {
		if err := t.activeRef("units", *p.UnitID, "unit", "unit"); err != nil {
			return err
		}
	}
	var n int
	if err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM people WHERE email_key = ? AND id <> ?`, emailKey(p.Email), id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &okr.Error{Code: okr.ECONFLICT, Field: "email", Key: "err.email_taken", Message: "someone already uses this e-mail address"}
	}
	return nil
}

// UpdatePerson saves the person's e-mail, name, role, unit and language.
// Admins may change anyone; a person may change their own name and
// language only. The last active admin cannot stop being admin. Returns
// ENOTFOUND, ESTALE, EINVALID, ECONFLICT (e-mail taken) or EFORBIDDEN.
func (db *DB) UpdatePerson(ctx context.Context, actor Actor, p okr.Person) (okr.Person, error) {
	err := db.write(ctx, actor, "update person", func(t *tx) error {
		before, err := getPerson(t.ctx, t.conn, t.org(), p.ID)
		if err != nil {
			return err
		}
		if !t.isAdmin() {
			self := t.actor.PersonID == p.ID
			if !self || emailKey(p.Email) != emailKey(before.Email) || p.Role != before.Role || !sameID(p.UnitID, before.UnitID) {
				return forbidden("only organisation admins may change other people, roles, units and e-mail addresses")
			}
		}
		if err := checkVersion("person", before.Version, p.Version); err != nil {
			return err
		}
		if err := t.checkPerson(&p, p.ID); err != nil {
			return err
		}
		if before.Role == okr.RoleAdmin && p.Role != okr.RoleAdmin && !before.Archived {
			if err := t.keepAnAdmin(p.ID); err != nil {
				return err
			}
		}
		if err := t.execVersioned("person", `UPDATE people SET email = ?, email_key = ?, name = ?, search = ?, role = ?, unit_id = ?, language = ?,
			version = version + 1 WHERE id = ? AND org_id = ? AND version = ?`,
			p.Email, emailKey(p.Email), p.Name, personSearch(&p), string(p.Role), nullID(p.UnitID), p.Language, p.ID, t.org(), p.Version); err != nil {
			return err
		}
		p.OrgID, p.Version, p.Archived, p.ExternalID = t.org(), before.Version+1, before.Archived, before.ExternalID
		return t.audit("person", p.ID, ActionUpdate, audit.FromPerson(&before), audit.FromPerson(&p))
	})
	return p, err
}

// keepAnAdmin returns ECONFLICT when person id is the organisation's last
// active admin.
func (t *tx) keepAnAdmin(id int64) error {
	var n int
	err := t.queryRow(t.ctx, `SELECT COUNT(*) FROM people WHERE org_id = ? AND role = ? AND archived_at IS NULL AND id <> ?`,
		t.org(), string(okr.RoleAdmin), id).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return &okr.Error{Code: okr.ECONFLICT, Field: "role", Key: "err.last_admin", Message: "the organisation needs at least one admin"}
	}
	return nil
}

// ArchivePerson archives the person: they can no longer sign in or use
// their tokens, and their sessions end. Only admins may; the last active admin cannot be archived
// (ECONFLICT). Returns ENOTFOUND or ESTALE.
func (db *DB) ArchivePerson(ctx context.Context, actor Actor, id, version int64) (okr.Person, error) {
	return db.archivePerson(ctx, actor, id, version, true)
}

// RestorePerson brings an archived person back. Only admins may. Returns
// ENOTFOUND or ESTALE.
func (db *DB) RestorePerson(ctx context.Context, actor Actor, id, version int64) (okr.Person, error) {
	return db.archivePerson(ctx, actor, id, version, false)
}

func (db *DB) archivePerson(ctx context.Context, actor Actor, id, version int64, archive bool) (okr.Person, error) {
	var p okr.Person
	err := db.write(ctx, actor, archiveOp(archive, "person"), func(t *tx) error {
		if err := t.requireAdmin("people"); err != nil {
			return err
		}
		before, err := getPerson(t.ctx, t.conn, t.org(), id)
		if err != nil {
			return err
		}
		if archive && before.Role == okr.RoleAdmin && !before.Archived {
			if err := t.keepAnAdmin(id); err != nil {
				return err
			}
		}
		p = before
		if archive && !before.Archived {
			// An archived person's sessions end, and stay ended when
			// they are restored.
			if err := t.endSessions(id); err != nil {
				return err
			}
			p.SessionEpoch++
		}
		return t.archive("people", "person", id, version, before.Version, &p.Archived, &p.Version, archive, audit.FromPerson(&before),
			func() audit.Record { return audit.FromPerson(&p) })
	})
	return p, err
}

// SetPassword stores a new password hash for a person (hashing is the
// caller's job) and ends what the old password opened: the person's session
// epoch moves, so every session signed in before ends on its next request,
// and their unused invitation and reset links stop working. Audited as
// "password_set" by the person (without the hash). Returns ENOTFOUND for an
// unknown person.
func (db *DB) SetPassword(ctx context.Context, personID int64, hash string) error {
	var orgID int64
	err := db.reader().queryRow(ctx, `SELECT org_id FROM people WHERE id = ?`, personID).Scan(&orgID)
	if isNoRows(err) {
		return notFound("person", personID)
	} else if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	return db.write(ctx, SystemActor(orgID), "set password", func(t *tx) error {
		t.actor = Actor{OrgID: orgID, PersonID: personID}
		if _, err := t.exec(t.ctx, `UPDATE people SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ? AND org_id = ?`,
			hash, personID, orgID); err != nil {
			return err
		}
		if _, err := t.exec(t.ctx, `UPDATE auth_tickets SET used_at = ? WHERE person_id = ? AND used_at IS NULL`, micros(t.now), personID); err != nil {
			return err
		}
		return t.audit("person", personID, ActionPasswordSet, nil, nil)
	})
}

// RehashPassword replaces a person's password hash by one of the same
// password with newer parameters, when the stored hash is still old (a
// sign-in checked the password against it). Sessions stay.
func (db *DB) RehashPassword(ctx context.Context, personID int64, old, hash string) error {
	return db.transact(ctx, "rehash password", func(c conn) error {
		_, err := c.exec(ctx, `UPDATE people SET password_hash = ? WHERE id = ? AND password_hash = ?`, hash, personID, old)
		return err
	})
}

// PasswordHash returns the stored password hash of a person, "" when none
// is set. Returns ENOTFOUND for an unknown person.
func (db *DB) PasswordHash(ctx context.Context, personID int64) (string, error) {
	var h sql.NullString
	err := db.reader().queryRow(ctx, `SELECT password_hash FROM people WHERE id = ?`, personID).Scan(&h)
	if isNoRows(err) {
		return "", notFound("person", personID)
	} else if err != nil {
		return "", fmt.Errorf("store: password hash: %w", err)
	}
	return h.String, nil
}
