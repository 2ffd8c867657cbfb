package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// personOut is a person of the organisation.
type personOut struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role" enum:"admin,member"`
	UnitID   *int64 `json:"unit_id" doc:"The unit the person belongs to"`
	Language string `json:"language" doc:"Preferred language (nb, sv, en); empty follows the browser"`
	Archived bool   `json:"archived"`
	Version  int64  `json:"version"`
}

// personCreate is a new person.
type personCreate struct {
	Email    string `json:"email" format:"email" maxLength:"254"`
	Name     string `json:"name" minLength:"1" maxLength:"200"`
	Role     string `json:"role,omitempty" enum:"admin,member" default:"member"`
	UnitID   *int64 `json:"unit_id,omitempty"`
	Language string `json:"language,omitempty"`
}

// personPatch changes some fields of a person; fields left out stay.
// People may change their own name and language; admins anything.
type personPatch struct {
	Email    *string    `json:"email,omitempty" format:"email" maxLength:"254"`
	Name     *string    `json:"name,omitempty" minLength:"1" maxLength:"200"`
	Role     *string    `json:"role,omitempty" enum:"admin,member"`
	UnitID   optionalID `json:"unit_id,omitzero"`
	Language *string    `json:"language,omitempty"`
}

var personFields = fieldNames{"unit": "unit_id"}

func wirePerson(p okr.Person) personOut {
	return personOut{ID: p.ID, Email: p.Email, Name: p.Name, Role: string(p.Role), UnitID: p.UnitID,
		Language: p.Language, Archived: p.Archived, Version: p.Version}
}

func (b personPatch) apply(p *okr.Person) {
	set(&p.Email, b.Email)
	set(&p.Name, b.Name)
	setString(&p.Role, b.Role)
	b.UnitID.apply(&p.UnitID)
	set(&p.Language, b.Language)
}

func personResult(p okr.Person, err error) (*object[personOut], error) {
	if err != nil {
		return nil, err
	}
	return &object[personOut]{ETag: etag(p.Version), Body: wirePerson(p)}, nil
}

func (a *API) registerPeople() {
	tags := []string{"People"}
	op(a, huma.Operation{OperationID: "list-people", Method: http.MethodGet, Path: "/people", Tags: tags,
		Summary: "List people", Description: "The organisation's people by name."},
		personFields, a.listPeople)
	op(a, huma.Operation{OperationID: "get-person", Method: http.MethodGet, Path: "/people/{id}", Tags: tags, Summary: "Get a person"},
		personFields, a.getPerson)
	op(a, huma.Operation{OperationID: "create-person", Method: http.MethodPost, Path: "/people", Tags: tags,
		Summary: "Add a person", Description: "Admins only. The person signs in after an invitation or a password set by an admin.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		personFields, a.createPerson)
	op(a, huma.Operation{OperationID: "update-person", Method: http.MethodPatch, Path: "/people/{id}", Tags: tags,
		Summary: "Change a person", Description: "Admins may change anyone; people their own name and language. Fields left out keep their value.",
		Errors: updateErrors},
		personFields, a.updatePerson)
	registerArchive(a, "people", "person", tags, personFields, a.personVersion, a.db.ArchivePerson, a.db.RestorePerson, storedResult(personResult))
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
func (a *API) listPeople(ctx context.Context, in *listPeopleIn) (*body[list[personOut]], error) {
	f := store.PersonFilter{Query: in.Q, IncludeArchived: in.IncludeArchived, Limit: in.Limit, Offset: in.Offset}
	if in.UnitID != 0 {
		f.UnitID = &in.UnitID
	}
	people, total, err := a.db.ListPeople(ctx, callerOf(ctx).org(), f)
	if err != nil {
		return nil, err
	}
	return listOf(mapSlice(people, wirePerson), total, page{Limit: in.Limit, Offset: in.Offset}), nil
}

// getPerson answers GET /people/{id}.
func (a *API) getPerson(ctx context.Context, in *idPath) (*object[personOut], error) {
	return personResult(a.db.GetPerson(ctx, callerOf(ctx).org(), in.ID))
}

// createPersonIn is the input of create-person.
type createPersonIn struct{ Body personCreate }

// createPerson answers POST /people.
func (a *API) createPerson(ctx context.Context, in *createPersonIn) (*created[personOut], error) {
	b := in.Body
	role := okr.Role(b.Role)
	if role == "" {
		role = okr.RoleMember
	}
	p, err := a.db.CreatePerson(ctx, callerOf(ctx).actor, okr.Person{Email: b.Email, Name: b.Name, Role: role, UnitID: b.UnitID, Language: b.Language})
	if err != nil {
		return nil, err
	}
	return &created[personOut]{ETag: etag(p.Version), Location: location("people", p.ID), Body: wirePerson(p)}, nil
}

// updatePersonIn is the input of update-person.
type updatePersonIn struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
	Body    personPatch
}

// updatePerson answers PATCH /people/{id}.
func (a *API) updatePerson(ctx context.Context, in *updatePersonIn) (*object[personOut], error) {
	match, err := parseIfMatch(in.IfMatch)
	if err != nil {
		return nil, err
	}
	c := callerOf(ctx)
	p, err := a.db.GetPerson(ctx, c.org(), in.ID)
	if err != nil {
		return nil, err
	}
	if _, err := match.version("person", p.Version); err != nil {
		return nil, err
	}
	before := p
	in.Body.apply(&p)
	if same, err := a.unchanged(ctx, "person", p.ID, before, p); err != nil || same {
		return personResult(before, err)
	}
	return personResult(a.db.UpdatePerson(ctx, c.actor, p))
}
