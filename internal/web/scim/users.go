package scim

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/elimity-com/scim"
	"github.com/elimity-com/scim/errors"
	"github.com/elimity-com/scim/optional"
	"github.com/elimity-com/scim/schema"
	"github.com/scim2/filter-parser/v2"

	"github.com/okr-dev/okr/internal/store"
)

// userHandler serves /Users: the organisation's people. userName is the
// e-mail address (the sign-in name); the person's name is displayName, or
// name.formatted, or name.givenName and name.familyName; active=false
// archives the person and ends their sessions. Attributes okr does not keep
// (titles, phone numbers, the enterprise extension, …) are accepted and
// not stored.
type userHandler struct {
	db     *store.DB
	log    *slog.Logger
	schema schema.Schema
}

// userResource is the SCIM representation of a person.
func userResource(u store.SCIMUser) scim.Resource {
	given, family := splitName(u.Name)
	attrs := scim.ResourceAttributes{
		"userName":    u.Email,
		"displayName": u.Name,
		"name":        map[string]any{"formatted": u.Name, "givenName": given, "familyName": family},
		"emails":      []any{map[string]any{"value": u.Email, "type": "work", "primary": true}},
		"active":      !u.Archived,
	}
	if u.Language != "" {
		attrs["preferredLanguage"] = u.Language
	}
	res := scim.Resource{ID: strconv.FormatInt(u.ID, 10), Attributes: attrs,
		Meta: scim.Meta{Created: &u.Created, Version: fmt.Sprintf(`W/"%d"`, u.Version)}}
	if u.ExternalID != "" {
		res.ExternalID = optional.NewString(u.ExternalID)
	}
	return res
}

// filterMap is a resource as the library's filter evaluation reads it.
func filterMap(res scim.Resource) map[string]any {
	m := map[string]any{"id": res.ID}
	for k, v := range res.Attributes {
		m[k] = v
	}
	if res.ExternalID.Present() {
		m["externalId"] = res.ExternalID.Value()
	}
	return m
}

// splitName splits a full name into given and family names at the last
// space: what a provider that keeps both shows.
func splitName(name string) (given, family string) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		return strings.TrimSpace(name[:i]), name[i+1:]
	}
	return name, ""
}

// userFields are the attributes of a user that okr keeps, as a request
// gives them.
type userFields struct {
	userName, externalID    string
	displayName, formatted  string
	given, family           string
	email                   string // the primary or work e-mail
	active                  *bool
	hasExternalID, hasEmail bool
	// Which of the name's attributes the request gave.
	setDisplay, setFormatted, setParts bool
}

// readUser reads the validated attributes of a POST or PUT.
func readUser(attrs scim.ResourceAttributes) userFields {
	var f userFields
	f.userName, _ = attrs["userName"].(string)
	f.externalID, f.hasExternalID = attrs["externalId"].(string)
	f.displayName, f.setDisplay = attrs["displayName"].(string)
	if n, ok := attrs["name"].(map[string]any); ok {
		f.formatted, f.setFormatted = n["formatted"].(string)
		f.given, _ = n["givenName"].(string)
		f.family, _ = n["familyName"].(string)
		f.setParts = true
	}
	if emails, ok := attrs["emails"].([]any); ok {
		f.email, f.hasEmail = pickEmail(emails), true
	}
	if a, ok := attrs["active"].(bool); ok {
		f.active = &a
	}
	return f
}

// pickEmail returns the primary e-mail, else the work one, else the first.
func pickEmail(emails []any) string {
	var work, first string
	for _, e := range emails {
		m, _ := e.(map[string]any)
		v, _ := m["value"].(string)
		if v == "" {
			continue
		}
		if p, _ := m["primary"].(bool); p {
			return v
		}
		if t, _ := m["type"].(string); t == "work" && work == "" {
			work = v
		}
		if first == "" {
			first = v
		}
	}
	if work != "" {
		return work
	}
	return first
}

// name is the person's name from what the request gave: displayName,
// else name.formatted, else the given and family names; else the name
// kept (displayName as it was), else the e-mail's local part.
func (f *userFields) name(email string) string {
	parts := strings.TrimSpace(strings.TrimSpace(f.given) + " " + strings.TrimSpace(f.family))
	switch {
	case f.setDisplay && strings.TrimSpace(f.displayName) != "":
		return strings.TrimSpace(f.displayName)
	case f.setFormatted && strings.TrimSpace(f.formatted) != "":
		return strings.TrimSpace(f.formatted)
	case f.setParts && parts != "":
		return parts
	case strings.TrimSpace(f.displayName) != "":
		return strings.TrimSpace(f.displayName)
	}
	local, _, _ := strings.Cut(email, "@")
	return local
}

// address is the e-mail address: userName when it is one (the sign-in
// name, what Entra ID and Okta send by default), else the primary e-mail.
func (f *userFields) address() string {
	if strings.Contains(f.userName, "@") || f.email == "" {
		return strings.TrimSpace(f.userName)
	}
	return strings.TrimSpace(f.email)
}

// apply writes f into the person u (a create or a replace).
func (f *userFields) apply(u *store.SCIMUser) {
	u.Email = f.address()
	u.Name = f.name(u.Email)
	u.ExternalID = f.externalID
	if f.active != nil {
		u.Archived = !*f.active
	}
}

func (h *userHandler) Create(r *http.Request, attrs scim.ResourceAttributes) (scim.Resource, error) {
	f := readUser(attrs)
	var u store.SCIMUser
	f.apply(&u)
	created, err := h.db.CreateSCIMUser(r.Context(), store.SCIMActor(orgOf(r)), u)
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return userResource(created), nil
}

func (h *userHandler) Get(r *http.Request, id string) (scim.Resource, error) {
	n, err := parseID(id)
	if err != nil {
		return scim.Resource{}, err
	}
	u, err := h.db.GetSCIMUser(r.Context(), orgOf(r), n)
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return userResource(u), nil
}

// GetAll answers the filters providers send to find a user
// (userName eq "…", externalId eq "…") with one query; any other filter
// is evaluated on every person of the organisation.
func (h *userHandler) GetAll(r *http.Request, params scim.ListRequestParams) (scim.Page, error) {
	offset, limit := page(params.StartIndex, params.Count)
	f := store.SCIMUserFilter{Offset: offset, Limit: limit}
	var test func(scim.Resource) bool
	if params.FilterValidator != nil {
		attr, value, ok := equality(params.FilterValidator.GetFilter())
		switch {
		case ok && attr == "username":
			f.UserName = value
		case ok && attr == "externalid":
			f.ExternalID = value
		default:
			f.Offset, f.Limit = 0, 0
			v := params.FilterValidator
			test = func(res scim.Resource) bool { return v.PassesFilter(filterMap(res)) == nil }
		}
	}
	users, total, err := h.db.ListSCIMUsers(r.Context(), orgOf(r), f)
	if err != nil {
		return scim.Page{}, fail(h.log, err)
	}
	out := []scim.Resource{}
	for _, u := range users {
		out = append(out, userResource(u))
	}
	if test != nil {
		out, total = filtered(out, test, offset, limit)
	}
	if params.Count == 0 {
		out = []scim.Resource{}
	}
	return scim.Page{TotalResults: total, Resources: out}, nil
}

// filtered keeps the resources that pass test and returns the page of
// them at offset, limit, and how many passed.
func filtered(all []scim.Resource, test func(scim.Resource) bool, offset, limit int) ([]scim.Resource, int) {
	var hits []scim.Resource
	for _, res := range all {
		if test(res) {
			hits = append(hits, res)
		}
	}
	total := len(hits)
	if offset >= total {
		return []scim.Resource{}, total
	}
	return hits[offset:min(offset+limit, total)], total
}

// equality recognises a filter `attr eq "value"` and returns the attribute
// (lower case) and value.
func equality(e filter.Expression) (attr, value string, ok bool) {
	ae, isAttr := e.(*filter.AttributeExpression)
	if !isAttr || ae.Operator != filter.EQ || ae.AttributePath.SubAttribute != nil || ae.AttributePath.URIPrefix != nil {
		return "", "", false
	}
	value, ok = ae.CompareValue.(string)
	return strings.ToLower(ae.AttributePath.AttributeName), value, ok
}

// Replace is PUT: the user's kept attributes become those given (an absent
// active leaves it as it is).
func (h *userHandler) Replace(r *http.Request, id string, attrs scim.ResourceAttributes) (scim.Resource, error) {
	n, err := parseID(id)
	if err != nil {
		return scim.Resource{}, err
	}
	f := readUser(attrs)
	u, err := h.db.UpdateSCIMUser(r.Context(), store.SCIMActor(orgOf(r)), n, func(u *store.SCIMUser) error {
		f.apply(u)
		return nil
	})
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return userResource(u), nil
}

// Delete deactivates the user: the person is archived and their sessions
// end, as for active=false. People are never deleted (their check-ins,
// objectives and the audit log refer to them); the user stays listed as
// inactive and can be reactivated.
func (h *userHandler) Delete(r *http.Request, id string) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	_, err = h.db.UpdateSCIMUser(r.Context(), store.SCIMActor(orgOf(r)), n, func(u *store.SCIMUser) error {
		u.Archived = true
		return nil
	})
	if err != nil {
		return fail(h.log, err)
	}
	return nil
}

// Patch applies add, replace and remove operations, with a path or
// path-less (a value object of attribute paths, as Entra ID and Okta send
// for active=false).
func (h *userHandler) Patch(r *http.Request, id string, ops []scim.PatchOperation) (scim.Resource, error) {
	n, err := parseID(id)
	if err != nil {
		return scim.Resource{}, err
	}
	u, err := h.db.UpdateSCIMUser(r.Context(), store.SCIMActor(orgOf(r)), n, func(u *store.SCIMUser) error {
		given, family := splitName(u.Name)
		f := userFields{userName: u.Email, externalID: u.ExternalID, displayName: u.Name, formatted: u.Name,
			given: given, family: family}
		for _, op := range ops {
			if err := f.patch(op.Op, op.Path, op.Value); err != nil {
				return err
			}
		}
		if f.active == nil {
			a := !u.Archived
			f.active = &a
		}
		f.apply(u)
		return nil
	})
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return userResource(u), nil
}

// patch applies one operation to f.
func (f *userFields) patch(op string, path *filter.Path, value any) error {
	if path == nil {
		m, ok := value.(map[string]any)
		if !ok {
			return errors.ScimErrorInvalidValue
		}
		for k, v := range m {
			if strings.Contains(k, ":") {
				continue // an extension's attributes: not kept
			}
			if k == "name" || k == "emails" {
				// A complex value as a whole, or a list.
				p := filter.Path{AttributePath: filter.AttributePath{AttributeName: k}}
				if err := f.patch(op, &p, v); err != nil {
					return err
				}
				continue
			}
			p, err := filter.ParsePath([]byte(k))
			if err != nil {
				return errors.ScimErrorInvalidPath
			}
			if err := f.patch(op, &p, v); err != nil {
				return err
			}
		}
		return nil
	}
	if path.AttributePath.URIPrefix != nil {
		return nil // the enterprise extension: not kept
	}
	remove := op == scim.PatchOperationRemove
	str := func() string { s, _ := value.(string); return s }
	sub := path.AttributePath.SubAttributeName()
	if sub == "" && path.SubAttribute != nil {
		sub = *path.SubAttribute
	}
	switch strings.ToLower(path.AttributePath.AttributeName) {
	case "username":
		if remove || str() == "" {
			return errors.ScimErrorMutability
		}
		f.userName = str()
	case "externalid":
		f.externalID = ""
		if !remove {
			f.externalID = str()
		}
	case "displayname":
		f.displayName, f.setDisplay = "", true
		if !remove {
			f.displayName = str()
		}
	case "name":
		f.patchName(strings.ToLower(sub), value, remove)
	case "active":
		a, ok := value.(bool)
		if remove {
			return nil
		}
		if !ok {
			return errors.ScimErrorInvalidValue
		}
		f.active = &a
	case "emails":
		if remove {
			return nil
		}
		if sub != "" && strings.EqualFold(sub, "value") {
			f.email, f.hasEmail = str(), true
		} else if list, ok := value.([]any); ok {
			f.email, f.hasEmail = pickEmail(list), true
		} else if m, ok := value.(map[string]any); ok {
			f.email, f.hasEmail = pickEmail([]any{m}), true
		}
	}
	return nil
}

// patchName changes name (sub "") or one of its parts.
func (f *userFields) patchName(sub string, value any, remove bool) {
	text := func(v any) string {
		s, _ := v.(string)
		if remove {
			return ""
		}
		return s
	}
	switch sub {
	case "":
		m, _ := value.(map[string]any)
		f.formatted, f.given, f.family = text(m["formatted"]), text(m["givenName"]), text(m["familyName"])
		f.setFormatted, f.setParts = true, true
	case "givenname":
		f.given, f.setParts = text(value), true
	case "familyname":
		f.family, f.setParts = text(value), true
	case "formatted":
		f.formatted, f.setFormatted = text(value), true
	}
	// middleName, honorificPrefix, …: not kept.
}
