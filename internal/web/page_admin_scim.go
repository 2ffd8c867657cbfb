package web

import (
	"net/http"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/scim"
)

// provisioningData is the admin page of provisioning (SCIM): the address
// to give the identity provider and the organisation's SCIM token.
type provisioningData struct {
	// TenantURL is the base URL followed by /scim/v2; "" without a base URL.
	TenantURL string
	Token     *okr.Token
	MadeBy    string
	// NewToken is the plaintext of a token just made, shown this once.
	NewToken string
}

func (s *Server) provisioningData(r *http.Request) (*provisioningData, error) {
	v := mustViewer(r)
	d := &provisioningData{}
	if s.BaseURL != "" {
		d.TenantURL = s.BaseURL + scim.Prefix
	}
	tk, err := s.DB.SCIMToken(r.Context(), v.Org.ID)
	if err != nil {
		return nil, err
	}
	d.Token = tk
	if tk != nil {
		if maker, err := s.DB.GetPerson(r.Context(), v.Org.ID, tk.PersonID); err == nil {
			d.MadeBy = maker.Name
		}
	}
	return d, nil
}

func (s *Server) adminProvisioningPage(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(r, "admin", "admin.scim_title", nil)
	d, err := s.provisioningData(r)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, AdminProvisioningPage(p, d))
}

// createSCIMToken makes a new SCIM token (revoking the one before) and
// shows it once, on the answer to this request: it is never stored or
// shown again.
func (s *Server) createSCIMToken(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "admin.scim_title", nil)
	if _, err := s.parseForm(r, p); err != nil {
		return err
	}
	plain, _, err := s.DB.CreateSCIMToken(r.Context(), v.Actor(), v.Person.ID)
	if err != nil {
		return err
	}
	d, err := s.provisioningData(r)
	if err != nil {
		return err
	}
	d.NewToken = plain
	w.Header().Set("Cache-Control", "no-store")
	return s.page(w, r, http.StatusOK, p, AdminProvisioningPage(p, d))
}

// revokeSCIMToken revokes the organisation's SCIM token: provisioning stops.
func (s *Server) revokeSCIMToken(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "admin", "", nil)
	if _, err := s.parseForm(r, p); err != nil {
		return err
	}
	if _, err := s.DB.RevokeSCIMToken(r.Context(), v.Actor()); err != nil {
		return err
	}
	s.setNotice(r, "admin.scim_revoked")
	http.Redirect(w, r, "/admin/provisioning", http.StatusSeeOther)
	return nil
}
