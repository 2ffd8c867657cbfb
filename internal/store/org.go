package store

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
)

const orgColumns = `id, name, slug, settings, version, created_at`

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

func scanOrg(s scanner) (okr.Org, error) {
	var o okr.Org
	var settings string
	var created int64
	if err := s.Scan(&o.ID, &o.Name, &o.Slug, &settings, &o.Version, &created); err != nil {
		return o, err
	}
	o.CreatedAt = fromMicros(created)
	o.Settings = okr.DefaultSettings()
	if err := json.Unmarshal([]byte(settings), &o.Settings); err != nil {
		return o, fmt.Errorf("org %d settings: %w", o.ID, err)
	}
	return o, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// CreateOrg creates an organisation with okr.DefaultSettings. The slug names
// it in URLs: lower-case letters, digits and inner dashes, at most 63
// characters. Returns EINVALID for a bad name or slug and ECONFLICT when the
// slug is taken.
func (db *DB) CreateOrg(ctx context.Context, name, slug string) (okr.Org, error) {
	o := okr.Org{Name: strings.TrimSpace(name), Slug: strings.TrimSpace(slug), Settings: okr.DefaultSettings(), Version: 1}
	if o.Name == "" || len(o.Name) > okr.MaxTitleLen {
		return o, invalid("name", "the organisation needs a name of at most 200 characters")
	}
	if !slugPattern.MatchString(o.Slug) {
		return o, invalid("slug", "the slug may hold lower-case letters, digits and dashes (1–63 characters)")
	}
	settings, err := json.Marshal(o.Settings)
	if err != nil {
		return o, fmt.Errorf("store: create org: %w", err)
	}
	o.CreatedAt = db.clock()
	err = db.transact(ctx, "create org", func(c conn) error {
		var taken int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE slug = ?`, o.Slug).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return &okr.Error{Code: okr.ECONFLICT, Field: "slug", Message: "an organisation with this slug exists already"}
		}
		if o.ID, err = c.insert(ctx, `INSERT INTO orgs (name, slug, settings, version, created_at) VALUES (?, ?, ?, 1, ?)`,
			o.Name, o.Slug, string(settings), micros(o.CreatedAt)); err != nil {
			return err
		}
		t := &tx{conn: c, ctx: ctx, actor: SystemActor(o.ID), role: okr.RoleAdmin, now: o.CreatedAt}
		return t.audit("org", o.ID, ActionCreate, nil, audit.FromOrg(&o))
	})
	return o, err
}

// GetOrg returns the organisation, or ENOTFOUND.
func (db *DB) GetOrg(ctx context.Context, id int64) (okr.Org, error) {
	return getOrg(ctx, db.reader(), `id = ?`, id)
}

// GetOrgBySlug returns the organisation with the slug, or ENOTFOUND.
func (db *DB) GetOrgBySlug(ctx context.Context, slug string) (okr.Org, error) {
	o, err := getOrg(ctx, db.reader(), `slug = ?`, slug)
	if okr.ErrorCode(err) == okr.ENOTFOUND {
		return o, &okr.Error{Code: okr.ENOTFOUND, Message: fmt.Sprintf("organisation %q not found", slug), Key: "err.not_found"}
	}
	return o, err
}

func getOrg(ctx context.Context, c conn, where string, arg any) (okr.Org, error) {
	o, err := scanOrg(c.queryRow(ctx, `SELECT `+orgColumns+` FROM orgs WHERE `+where, arg))
	if isNoRows(err) {
		id, _ := arg.(int64)
		return o, notFound("organisation", id)
	} else if err != nil {
		return o, fmt.Errorf("store: get org: %w", err)
	}
	return o, nil
}

// ListOrgs returns every organisation by id. It is meant for operators (the
// CLI), not for people of an organisation.
func (db *DB) ListOrgs(ctx context.Context) ([]okr.Org, error) {
	rows, err := db.reader().query(ctx, `SELECT `+orgColumns+` FROM orgs ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list orgs: %w", err)
	}
	defer rows.Close()
	var out []okr.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list orgs: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list orgs: %w", err)
	}
	return out, nil
}

// UpdateOrgSettings replaces the actor's organisation's settings. Only
// admins may; returns EINVALID for bad settings and ESTALE when version is
// not current. The returned org carries the new version.
func (db *DB) UpdateOrgSettings(ctx context.Context, actor Actor, settings okr.OrgSettings, version int64) (okr.Org, error) {
	var out okr.Org
	err := db.write(ctx, actor, "update org settings", func(t *tx) error {
		if err := t.requireAdmin("the organisation's settings"); err != nil {
			return err
		}
		before, err := getOrg(t.ctx, t.conn, `id = ?`, t.org())
		if err != nil {
			return err
		}
		if err := checkVersion("organisation", before.Version, version); err != nil {
			return err
		}
		if err := settings.Validate(); err != nil {
			return err
		}
		js, err := json.Marshal(settings)
		if err != nil {
			return err
		}
		if err := t.execVersioned("organisation", `UPDATE orgs SET settings = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(js), t.org(), version); err != nil {
			return err
		}
		out = before
		out.Settings, out.Version = settings, before.Version+1
		return t.audit("org", out.ID, ActionUpdate, audit.FromOrg(&before), audit.FromOrg(&out))
	})
	return out, err
}
