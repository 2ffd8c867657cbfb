package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// ssoData is the single sign-on form.
type ssoData struct {
	Version              int64
	Enabled, PasswordOff bool
	Fields               map[string]string // texts as typed, by field name
	// SecretEnd is the end of the stored client secret ("" when none is
	// stored): the secret is never shown in full.
	SecretEnd string
	Units     []ssoUnitRow
	// RedirectURL is what to register at the provider; "" without a base
	// URL.
	RedirectURL string
	VerifiedAt  *time.Time
	Errs        FieldErrors
}

// ssoUnitRow is a unit with the provider groups whose members go to it.
type ssoUnitRow struct {
	ID     int64
	Name   string
	Groups string
}

// ssoTextFields are the form's text fields.
var ssoTextFields = []string{"name", "issuer", "client_id", "scopes", "domains", "groups_claim", "admin_group"}

func (s *Server) ssoSettingsPage(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.sso_title", nil)
	cfg, err := s.DB.GetSSOConfig(r.Context(), v.Org.ID)
	if err != nil && okr.ErrorCode(err) != okr.ENOTFOUND {
		return err
	}
	d, err := s.ssoData(r.Context(), v.Org.ID, cfg, FieldErrors{})
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, AdminSSOPage(p, d))
}

// ssoData fills the form from cfg.
func (s *Server) ssoData(ctx context.Context, orgID int64, cfg okr.SSOConfig, errs FieldErrors) (*ssoData, error) {
	d := &ssoData{Version: cfg.Version, Enabled: cfg.Enabled, PasswordOff: cfg.PasswordOff, Errs: errs,
		RedirectURL: s.ssoRedirectURL(), VerifiedAt: cfg.VerifiedAt}
	d.Fields = map[string]string{"name": cfg.Name, "issuer": cfg.Issuer, "client_id": cfg.ClientID,
		"scopes": strings.Join(cfg.Scopes, " "), "domains": strings.Join(cfg.Domains, "\n"),
		"groups_claim": cfg.GroupsClaim, "admin_group": cfg.AdminGroup}
	if len(cfg.Scopes) == 0 {
		d.Fields["scopes"] = strings.Join(okr.DefaultSSOScopes, " ")
	}
	if n := len(cfg.ClientSecret); n > 0 {
		d.SecretEnd = cfg.ClientSecret[max(0, n-4):]
		if n < 12 {
			d.SecretEnd = "" // too short to show any of it
		}
	}
	dir, err := s.loadDirectory(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, u := range dir.Units {
		row := ssoUnitRow{ID: u.ID, Name: u.Name}
		var gs []string
		for _, g := range cfg.GroupUnits {
			if g.UnitID == u.ID {
				gs = append(gs, g.Group)
			}
		}
		row.Groups = strings.Join(gs, ", ")
		d.Units = append(d.Units, row)
	}
	slices.SortFunc(d.Units, func(a, b ssoUnitRow) int { return dir.Order[a.ID] - dir.Order[b.ID] })
	return d, nil
}

// saveSSOSettings stores the single sign-on configuration. An enabled
// provider must answer its discovery document first, so that a typo in the
// issuer shows here rather than at everyone's next sign-in.
func (s *Server) saveSSOSettings(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.sso_title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	ctx := r.Context()
	cfg := okr.SSOConfig{Enabled: f.has("enabled"), PasswordOff: f.has("password_off"), Name: f.str("name"), Issuer: f.str("issuer"),
		ClientID: f.str("client_id"), ClientSecret: f.str("client_secret"), Scopes: strings.Fields(f.str("scopes")),
		Domains:     strings.FieldsFunc(f.raw("domains"), func(c rune) bool { return c == '\n' || c == ',' || c == ' ' || c == '\r' || c == '\t' }),
		GroupsClaim: f.str("groups_claim"), AdminGroup: f.str("admin_group")}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	for id := range dir.Units {
		for g := range strings.SplitSeq(f.str("group_unit."+idStr(id)), ",") {
			if g = strings.TrimSpace(g); g != "" {
				cfg.GroupUnits = append(cfg.GroupUnits, okr.GroupUnit{Group: g, UnitID: id})
			}
		}
	}
	slices.SortFunc(cfg.GroupUnits, func(a, b okr.GroupUnit) int { return dir.Order[a.UnitID] - dir.Order[b.UnitID] })
	stored, err := s.DB.GetSSOConfig(ctx, v.Org.ID)
	if err != nil && okr.ErrorCode(err) != okr.ENOTFOUND {
		return err
	}
	if f.ok() && cfg.Enabled && okr.IssuerOK(strings.TrimRight(cfg.Issuer, "/")) {
		if _, err := s.provider(ctx, strings.TrimRight(cfg.Issuer, "/")); err != nil {
			s.Log.Info("web: single sign-on discovery failed", "org", v.Org.ID, "issuer", cfg.Issuer, "err", err)
			f.fail("issuer", "admin.sso_discovery", "Error", err.Error())
		}
	}
	version := f.version()
	if f.ok() {
		saved, err := s.DB.SaveSSOConfig(ctx, v.Actor(), cfg, f.version())
		switch {
		case err == nil:
			if cfg.PasswordOff && !saved.PasswordOff {
				s.setNotice(r, "admin.sso_saved_password_on")
			} else {
				s.setNotice(r, "admin.sso_saved")
			}
			return redirect(w, r, "/admin/sso")
		case okr.ErrorCode(err) == okr.ESTALE:
			f.fail("_", "admin.sso_stale")
			version = stored.Version
		case !f.addError(err, nil):
			return err
		}
	}
	// Shown again with the stored secret's end and verification.
	stored.Enabled, stored.PasswordOff = cfg.Enabled, cfg.PasswordOff
	stored.GroupUnits = cfg.GroupUnits
	d, err := s.ssoData(ctx, v.Org.ID, stored, f.errs)
	if err != nil {
		return err
	}
	for _, name := range ssoTextFields {
		d.Fields[name] = f.raw(name)
	}
	d.Version = version
	p.Error = s.formProblem(p, f)
	return s.page(w, r, formStatus, p, AdminSSOPage(p, d))
}
