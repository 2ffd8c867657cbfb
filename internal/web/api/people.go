package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// apiPersonOut is a person of the organisation.
type apiPersonOut struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role" enum:"admin,member"`
	UnitID   *int64 `json:"unit_id" doc:"The unit the person belongs to"`
	Language string `json:"language" doc:"Preferred language (nb, sv, en); empty follows the browser"`
	Archived bool   `json:"archived"`
	Version  int64  `json:"version"`
}

// apiPersonCreate is a new person.
type apiPersonCreate struct {
	Email    string `json:"email" format:"email" maxLength:"254"`
	Name     string `json:"name" minLength:"1" maxLength:"200"`
	Role     string `json:"role,omitempty" enum:"admin,member" default:"member"`
	UnitID   *int64 `json:"unit_id,omitempty"`
	Language string `json:"language,omitempty"`
}

// apiPersonPatch changes some fields of a person; fields left out stay.
// People may change their own name and language; admins anything.
type apiPersonPatch struct {
	Email    *string       `json:"email,omitempty" format:"email" maxLength:"254"`
	Name     *string       `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Role     *string       `json:"role,omitempty" enum:"admin,member"`
	UnitID   apiOptionalID `json:"unit_id,omitzero"`
	Language *string       `json:"language,omitempty"`
}

var apiPersonFields = apiFieldNames{"unit": "unit_id"}

func apiPerson(p okr.Person) apiPersonOut {
	return apiPersonOut{ID: p.ID, Email: p.Email, Name: p.Name, Role: string(p.Role), UnitID: p.UnitID,
		Language: p.Language, Archived: p.Archived, Version: p.Version}
}

func (b apiPersonPatch) apply(p *okr.Person) {
	apiSet(&p.Email, b.Email)
	apiSet(&p.Name, b.Name)
	apiSetString(&p.Role, b.Role)
	b.UnitID.apply(&p.UnitID)
	apiSet(&p.Language, b.Language)
}

func apiPersonResult(p okr.Person, err error) (*apiObject[apiPersonOut], error) {
	if err != nil {
		return nil, err
	}
	return &apiObject[apiPersonOut]{ETag: apiETag(p.Version), Body: apiPerson(p)}, nil
}

func (a *API) registerPeople() {
	tags := []string{"People"}
	apiOp(a, huma.Operation{OperationID: "list-people", Method: http.MethodGet, Path: "/people", Tags: tags,
		Summary: "List people", Description: "The organisation's people by name."},
		apiPersonFields, a.listPeople)
	apiOp(a, huma.Operation{OperationID: "get-person", Method: http.MethodGet, Path: "/people/{id}", Tags: tags, Summary: "Get a person"},
		apiPersonFields, a.getPerson)
	apiOp(a, huma.Operation{OperationID: "create-person", Method: http.MethodPost, Path: "/people", Tags: tags,
		Summary: "Add a person", Description: "Admins only. The person signs in after an invitation or a password set by an admin.",
		DefaultStatus: http.StatusCreated, Errors: apiCreateErrors},
		apiPersonFields, a.createPerson)
	apiOp(a, huma.Operation{OperationID: "update-person", Method: http.MethodPatch, Path: "/people/{id}", Tags: tags,
		Summary: "Change a person", Description: "Admins may change anyone; people their own name and language. Fields left out keep their value.",
		Errors: apiUpdateErrors},
		apiPersonFields, a.updatePerson)
	apiRegisterArchive(a, "people", "person", tags, apiPersonFields, a.personVersion, a.db.ArchivePerson, a.db.RestorePerson, apiStoredResult(apiPersonResult))
}

// listPeopleIn is the input of list-people.
type listPeopleIn struct {
	UnitID          int64  `query:"unit_id" doc:"Only the people of this unit"`
	Q               string `query:"q" doc:"Search in name and e-mail, ignoring case"`
	IncludeArchived bool   `query:"include_archived"`
	Limit           int    `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset          int    `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listPeople answers GET /people.
func (a *API) listPeople(ctx context.Context, in *listPeopleIn) (*apiBody[apiList[apiPersonOut]], error) {
	f := store.PersonFilter{Query: in.Q, IncludeArchived: in.IncludeArchived, Limit: in.Limit, Offset: in.Offset}
	if in.UnitID != 0 {
		f.UnitID = &in.UnitID
	}
	people, total, err := a.db.ListPeople(ctx, apiCallerOf(ctx).org(), f)
	if err != nil {
		return nil, err
	}
	return apiListOf(apiMap(people, apiPerson), total, apiPage{Limit: in.Limit, Offset: in.Offset}), nil
}

// getPerson answers GET /people/{id}.
func (a *API) getPerson(ctx context.Context, in *apiIDPath) (*apiObject[apiPersonOut], error) {
	return apiPersonResult(a.db.GetPerson(ctx, apiCallerOf(ctx).org(), in.ID))
}

// createPersonIn is the input of create-person.
type createPersonIn struct{ Body apiPersonCreate }

// createPerson answers POST /people.
func (a *API) createPerson(ctx context.Context, in *createPersonIn) (*apiCreated[apiPersonOut], error) {
	b := in.Body
	role := okr.Role(b.Role)
	if role == "" {
		role = okr.RoleMember
	}
	p, err := a.db.CreatePerson(ctx, apiCallerOf(ctx).actor, okr.Person{Email: b.Email, Name: b.Name, Role: role, UnitID: b.UnitID, Language: b.Language})
	if err != nil {
		return nil, err
	}
	return &apiCreated[apiPersonOut]{ETag: apiETag(p.Version), Location: apiLocation("people", p.ID), Body: apiPerson(p)}, nil
}

// updatePersonIn is the input of update-person.
type updatePersonIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    apiPersonPatch
}

// updatePerson answers PATCH /people/{id}.
func (a *API) updatePerson(ctx context.Context, in *updatePersonIn) (*apiObject[apiPersonOut], error) {
	match, err := apiParseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := apiCallerOf(ctx)
	p, err := a.db.GetPerson(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("person", p.Version); err != nil {
		return nil, err
	}
	in.Body.apply(&p)
	return apiPersonResult(a.db.UpdatePerson(ctx, c.actor, p))
}
