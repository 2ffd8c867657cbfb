package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// tokenOut is an API token; its secret is never shown again.
type tokenOut struct {
	ID        int64      `json:"id"`
	PersonID  int64      `json:"person_id"`
	Name      string     `json:"name"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used" doc:"Recorded at most once a minute"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// tokenIn names a new token.
type tokenIn struct {
	Name     string `json:"name" minLength:"1" maxLength:"200" doc:"What the token is for, e.g. the script that uses it"`
	PersonID int64  `json:"person_id,omitempty" doc:"Whose token; the caller's when left out (admins may name anyone)"`
}

// newTokenOut is a new token with its secret, shown this once.
type newTokenOut struct {
	Token  tokenOut `json:"token"`
	Secret string   `json:"secret" doc:"The token to send as Authorization: Bearer …; shown only now"`
}

func wireToken(tk okr.Token) tokenOut {
	return tokenOut{ID: tk.ID, PersonID: tk.PersonID, Name: tk.Name, CreatedAt: tk.CreatedAt, LastUsed: tk.LastUsed, RevokedAt: tk.RevokedAt}
}

func (a *API) registerTokens() {
	tags := []string{"Tokens"}
	op(a, huma.Operation{OperationID: "list-tokens", Method: http.MethodGet, Path: "/tokens", Tags: tags,
		Summary: "List API tokens", Description: "A person's tokens, revoked ones included, newest first. People see their own; admins anyone's.",
		Errors: []int{http.StatusForbidden}},
		nil, a.listTokens)
	op(a, huma.Operation{OperationID: "create-token", Method: http.MethodPost, Path: "/tokens", Tags: tags,
		Summary: "Create an API token", Description: "Returns the secret once; only its hash is stored. People create tokens for themselves; admins for anyone.",
		DefaultStatus: http.StatusCreated, Errors: createErrors},
		fieldNames{"person": "person_id"}, a.createToken)
	op(a, huma.Operation{OperationID: "revoke-token", Method: http.MethodPost, Path: "/tokens/{id}/revoke", Tags: tags,
		Summary: "Revoke an API token", Description: "The token stops working at once; it stays listed. Its owner and admins may revoke it.",
		Errors: []int{http.StatusForbidden}},
		nil, a.revokeToken)
}

// listTokensIn is the input of list-tokens.
type listTokensIn struct {
	PersonID int64 `query:"person_id" doc:"Whose tokens; the caller's when left out (admins may name anyone)"`
	Limit    int   `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many items"`
	Offset   int   `query:"offset" minimum:"0" default:"0" doc:"Skip this many items"`
}

// listTokens answers GET /tokens.
func (a *API) listTokens(ctx context.Context, in *listTokensIn) (*body[list[tokenOut]], error) {
	c := callerOf(ctx)
	person := c.person.ID
	if in.PersonID != 0 && in.PersonID != person {
		if c.person.Role != okr.RoleAdmin {
			return nil, okr.Errorf(okr.EFORBIDDEN, "you may list only your own tokens")
		}
		if _, err := a.db.GetPerson(ctx, c.org(), in.PersonID); err != nil {
			return nil, err
		}
		person = in.PersonID
	}
	list, err := a.db.ListTokens(ctx, c.org(), person)
	if err != nil {
		return nil, err
	}
	return paged(list, wireToken, in.Limit, in.Offset), nil
}

// createTokenIn is the input of create-token.
type createTokenIn struct{ Body tokenIn }

// createToken answers POST /tokens.
func (a *API) createToken(ctx context.Context, in *createTokenIn) (*body[newTokenOut], error) {
	c := callerOf(ctx)
	person := in.Body.PersonID
	if person == 0 {
		person = c.person.ID
	}
	secret, tk, err := a.db.CreateToken(ctx, c.actor, person, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &body[newTokenOut]{Body: newTokenOut{Token: wireToken(tk), Secret: secret}}, nil
}

// revokeToken answers POST /tokens/{id}/revoke.
func (a *API) revokeToken(ctx context.Context, in *idPath) (*body[tokenOut], error) {
	tk, err := a.db.RevokeToken(ctx, callerOf(ctx).actor, in.ID)
	if err != nil {
		return nil, err
	}
	return &body[tokenOut]{Body: wireToken(tk)}, nil
}
