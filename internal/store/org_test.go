package store

import (
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

func TestOrgs(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		o := must(db.CreateOrg(ctx, " Acme ", "acme"))(t)
		if o.Name != "Acme" || o.Version != 1 || o.Settings.MaxKRs != okr.DefaultSettings().MaxKRs {
			t.Fatalf("CreateOrg = %+v, want name Acme, version 1, default settings", o)
		}
		_, err := db.CreateOrg(ctx, "Other", "acme")
		wantCode(t, err, okr.ECONFLICT)
		wantField(t, err, "slug")
		_, err = db.CreateOrg(ctx, "Bad", "Bad Slug")
		wantField(t, err, "slug")

		got := must(db.GetOrgBySlug(ctx, "acme"))(t)
		if got.ID != o.ID || !got.CreatedAt.Equal(o.CreatedAt) {
			t.Fatalf("GetOrgBySlug = %+v, want %+v", got, o)
		}
		_, err = db.GetOrg(ctx, o.ID+100)
		wantCode(t, err, okr.ENOTFOUND)
		_, err = db.GetOrgBySlug(ctx, "nope")
		wantCode(t, err, okr.ENOTFOUND)
		must(db.CreateOrg(ctx, "Beta", "beta"))(t)
		if orgs := must(db.ListOrgs(ctx))(t); len(orgs) != 2 || orgs[0].Slug != "acme" || orgs[1].Slug != "beta" {
			t.Fatalf("ListOrgs = %+v, want acme and beta", orgs)
		}

		s := o.Settings
		s.Language, s.Rules = "sv", map[string]string{"kr.vague": "off"}
		up := must(db.UpdateOrgSettings(ctx, SystemActor(o.ID), s, o.Version))(t)
		if up.Version != 2 || up.Settings.Language != "sv" {
			t.Fatalf("UpdateOrgSettings = %+v, want version 2, language sv", up)
		}
		got = must(db.GetOrg(ctx, o.ID))(t)
		if got.Settings.Rules["kr.vague"] != "off" || got.Version != 2 {
			t.Fatalf("GetOrg after update = %+v, want the rule stored and version 2", got)
		}
		_, err = db.UpdateOrgSettings(ctx, SystemActor(o.ID), s, 1)
		wantCode(t, err, okr.ESTALE)
		s.BandLow = 2
		_, err = db.UpdateOrgSettings(ctx, SystemActor(o.ID), s, 2)
		wantCode(t, err, okr.EINVALID)
	})
}

func TestOrgSettingsAdminOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		_, err := db.UpdateOrgSettings(ctx, as(f.member), f.org.Settings, f.org.Version)
		wantCode(t, err, okr.EFORBIDDEN)
		// The role carried by the actor is not trusted: the stored one counts.
		forged := as(f.member)
		forged.Role = okr.RoleAdmin
		_, err = db.UpdateOrgSettings(ctx, forged, f.org.Settings, f.org.Version)
		wantCode(t, err, okr.EFORBIDDEN)
		must(db.UpdateOrgSettings(ctx, as(f.admin), f.org.Settings, f.org.Version))(t)
	})
}
