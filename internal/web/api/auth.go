package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/ops"
)

// caller is who sends an API request: the person the token belongs to.
type caller struct {
	person okr.Person
	actor  store.Actor
	// checked is set when the request's token was checked before the
	// operation ran (a miss of the kept answers, answers.go), so that
	// authenticate need not read it again.
	checked bool
}

type callerKey struct{}

// callerOf returns the authenticated caller of an operation. Every
// operation runs behind authenticate, so a missing caller is a bug.
func callerOf(ctx context.Context) *caller {
	c, ok := ctx.Value(callerKey{}).(*caller)
	if !ok {
		panic("web: API operation without an authenticated caller")
	}
	return c
}

// org returns the caller's organisation id, which every read filters by.
func (c *caller) org() int64 { return c.person.OrgID }

// authenticate checks the bearer token of every operation and puts the
// caller into the context. No token or a bad one gives 401 with
// WWW-Authenticate: Bearer.
func (a *API) authenticate(ctx huma.Context, next func(huma.Context)) {
	if c, ok := ctx.Context().Value(callerKey{}).(*caller); ok && (a.isPast || c.checked) {
		next(ctx) // authenticated by the live API (asof.go) or checked already (answers.go)
		return
	}
	token, ok := bearerToken(ctx.Header("Authorization"))
	if !ok {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="okr"`)
		_ = huma.WriteErr(a.api, ctx, http.StatusUnauthorized, "Send an API token: Authorization: Bearer okr_…")
		return
	}
	p, _, seq, err := a.db.AuthenticateStamped(ctx.Context(), token)
	if err != nil {
		if okr.ErrorCode(err) != okr.EUNAUTHORIZED {
			if store.IsUnavailable(err) {
				a.log.WarnContext(ctx.Context(), "api: authenticate: database unavailable", "err", err)
				ctx.SetHeader("Retry-After", "5")
				writeHumaError(a.api, ctx, unavailableError())
				return
			}
			a.log.ErrorContext(ctx.Context(), "api: authenticate", "err", err)
			writeHumaError(a.api, ctx, internalError())
			return
		}
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="okr", error="invalid_token"`)
		_ = huma.WriteErr(a.api, ctx, http.StatusUnauthorized, "The API token is unknown, revoked or belongs to an archived account.")
		return
	}
	ops.SetUser(ctx.Context(), p.OrgID, p.ID)
	view.PrimeStamp(ctx.Context(), p.OrgID, seq) // a GET's memo takes it: one statement fewer
	next(huma.WithValue(ctx, callerKey{}, &caller{person: p, actor: store.PersonActor(p)}))
}

// bearerToken returns the token of an "Authorization: Bearer …" header.
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}
