package scim

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/elimity-com/scim"
	"github.com/elimity-com/scim/errors"
	"github.com/elimity-com/scim/optional"
	"github.com/elimity-com/scim/schema"
	"github.com/scim2/filter-parser/v2"

	"github.com/okr-dev/okr/internal/store"
)

// groupHandler serves /Groups: the organisation's units. A group's members
// are the people whose unit it is (store.CreateSCIMGroup says how a new
// group finds or makes its unit).
type groupHandler struct {
	db     *store.DB
	log    *slog.Logger
	schema schema.Schema
}

// groupResource is the SCIM representation of a unit.
func groupResource(g store.SCIMGroup, withMembers bool) scim.Resource {
	attrs := scim.ResourceAttributes{"displayName": g.Name}
	if withMembers {
		members := make([]any, 0, len(g.Members))
		for _, id := range g.Members {
			members = append(members, map[string]any{"value": strconv.FormatInt(id, 10), "type": "User"})
		}
		attrs["members"] = members
	}
	res := scim.Resource{ID: strconv.FormatInt(g.ID, 10), Attributes: attrs,
		Meta: scim.Meta{Created: &g.Created, Version: fmt.Sprintf(`W/"%d"`, g.Version)}}
	if g.ExternalID != "" {
		res.ExternalID = optional.NewString(g.ExternalID)
	}
	return res
}

// wantMembers reports whether the request did not exclude members (Entra
// ID asks with excludedAttributes=members).
func wantMembers(r *http.Request) bool {
	for a := range strings.SplitSeq(r.URL.Query().Get("excludedAttributes"), ",") {
		if strings.EqualFold(strings.TrimSpace(a), "members") {
			return false
		}
	}
	return true
}

// memberIDs reads a list of member values ({"value": "12"}).
func memberIDs(v any) ([]int64, error) {
	list, ok := v.([]any)
	if !ok {
		if m, isMap := v.(map[string]any); isMap {
			list = []any{m}
		} else if v != nil {
			return nil, errors.ScimErrorInvalidValue
		}
	}
	var ids []int64
	for _, item := range list {
		m, _ := item.(map[string]any)
		s, _ := m["value"].(string)
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			e := errors.ScimErrorInvalidValue
			e.Detail = fmt.Sprintf("members: %q is not the id of a user of this organisation", s)
			return nil, e
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (h *groupHandler) Create(r *http.Request, attrs scim.ResourceAttributes) (scim.Resource, error) {
	name, _ := attrs["displayName"].(string)
	ext, _ := attrs["externalId"].(string)
	members, err := memberIDs(attrs["members"])
	if err != nil {
		return scim.Resource{}, err
	}
	g, err := h.db.CreateSCIMGroup(r.Context(), store.SCIMActor(orgOf(r)), name, ext, members)
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return groupResource(g, true), nil
}

func (h *groupHandler) Get(r *http.Request, id string) (scim.Resource, error) {
	n, err := parseID(id)
	if err != nil {
		return scim.Resource{}, err
	}
	g, err := h.db.GetSCIMGroup(r.Context(), orgOf(r), n)
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return groupResource(g, wantMembers(r)), nil
}

// GetAll answers displayName eq "…" and externalId eq "…" with one query;
// any other filter (e.g. Entra ID's membership check, id eq "…" and
// members[value eq "…"]) is evaluated on every unit.
func (h *groupHandler) GetAll(r *http.Request, params scim.ListRequestParams) (scim.Page, error) {
	offset, limit := page(params.StartIndex, params.Count)
	with := wantMembers(r)
	f := store.SCIMGroupFilter{Offset: offset, Limit: limit, NoMembers: !with}
	var test func(scim.Resource) bool
	if params.FilterValidator != nil {
		attr, value, ok := equality(params.FilterValidator.GetFilter())
		switch {
		case ok && attr == "displayname":
			f.DisplayName = value
		case ok && attr == "externalid":
			f.ExternalID = value
		default:
			f.Offset, f.Limit, f.NoMembers = 0, 0, false
			v := params.FilterValidator
			test = func(res scim.Resource) bool { return v.PassesFilter(filterMap(res)) == nil }
		}
	}
	groups, total, err := h.db.ListSCIMGroups(r.Context(), orgOf(r), f)
	if err != nil {
		return scim.Page{}, fail(h.log, err)
	}
	out := []scim.Resource{}
	for _, g := range groups {
		out = append(out, groupResource(g, with || test != nil))
	}
	if test != nil {
		out, total = filtered(out, test, offset, limit)
		if !with {
			for i := range out {
				delete(out[i].Attributes, "members")
			}
		}
	}
	if params.Count == 0 {
		out = []scim.Resource{}
	}
	return scim.Page{TotalResults: total, Resources: out}, nil
}

// Replace is PUT: name, externalId and members become those given.
func (h *groupHandler) Replace(r *http.Request, id string, attrs scim.ResourceAttributes) (scim.Resource, error) {
	n, err := parseID(id)
	if err != nil {
		return scim.Resource{}, err
	}
	members, err := memberIDs(attrs["members"])
	if err != nil {
		return scim.Resource{}, err
	}
	g, err := h.db.UpdateSCIMGroup(r.Context(), store.SCIMActor(orgOf(r)), n, func(g *store.SCIMGroup) error {
		g.Name, _ = attrs["displayName"].(string)
		g.ExternalID, _ = attrs["externalId"].(string)
		g.Members = members
		return nil
	})
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	return groupResource(g, true), nil
}

// Delete archives the unit (store.DeleteSCIMGroup).
func (h *groupHandler) Delete(r *http.Request, id string) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	if err := h.db.DeleteSCIMGroup(r.Context(), store.SCIMActor(orgOf(r)), n); err != nil {
		return fail(h.log, err)
	}
	return nil
}

// Patch applies add, remove and replace of members (Entra ID and Okta send
// add and remove with member ids; Okta also remove with
// members[value eq "…"]) and replace of displayName and externalId.
// It answers 204 No Content when only members changed, as Entra ID and
// Okta expect, and the group otherwise.
func (h *groupHandler) Patch(r *http.Request, id string, ops []scim.PatchOperation) (scim.Resource, error) {
	n, err := parseID(id)
	if err != nil {
		return scim.Resource{}, err
	}
	onlyMembers := true
	g, err := h.db.UpdateSCIMGroup(r.Context(), store.SCIMActor(orgOf(r)), n, func(g *store.SCIMGroup) error {
		for _, op := range ops {
			touched, err := patchGroup(g, op.Op, op.Path, op.Value)
			if err != nil {
				return err
			}
			onlyMembers = onlyMembers && !touched
		}
		return nil
	})
	if err != nil {
		return scim.Resource{}, fail(h.log, err)
	}
	if onlyMembers {
		return scim.Resource{}, nil
	}
	return groupResource(g, wantMembers(r)), nil
}

// patchGroup applies one operation to g and reports whether it changed
// something other than members.
func patchGroup(g *store.SCIMGroup, op string, path *filter.Path, value any) (bool, error) {
	if path == nil {
		m, ok := value.(map[string]any)
		if !ok {
			return false, errors.ScimErrorInvalidValue
		}
		touched := false
		for k, v := range m {
			p := filter.Path{AttributePath: filter.AttributePath{AttributeName: k}}
			t, err := patchGroup(g, op, &p, v)
			if err != nil {
				return false, err
			}
			touched = touched || t
		}
		return touched, nil
	}
	remove := op == scim.PatchOperationRemove
	switch strings.ToLower(path.AttributePath.AttributeName) {
	case "displayname":
		s, _ := value.(string)
		if remove || strings.TrimSpace(s) == "" {
			return false, errors.ScimErrorMutability
		}
		g.Name = s
		return true, nil
	case "externalid":
		s, _ := value.(string)
		if remove {
			s = ""
		}
		g.ExternalID = s
		return true, nil
	case "members":
		var ids []int64
		if path.ValueExpression != nil {
			attr, v, ok := equality(path.ValueExpression)
			id, err := strconv.ParseInt(v, 10, 64)
			if !ok || attr != "value" || err != nil {
				return false, errors.ScimErrorInvalidFilter
			}
			ids = []int64{id}
		} else {
			var err error
			if ids, err = memberIDs(value); err != nil {
				return false, err
			}
		}
		switch {
		case remove && path.ValueExpression == nil && value == nil:
			g.Members = nil // remove every member
		case remove:
			g.Members = slices.DeleteFunc(g.Members, func(id int64) bool { return slices.Contains(ids, id) })
		case op == scim.PatchOperationReplace && path.ValueExpression == nil:
			g.Members = ids
		default:
			g.Members = append(g.Members, ids...)
		}
		return false, nil
	}
	return false, nil // attributes not kept
}
