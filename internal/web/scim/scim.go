// Package scim serves provisioning with SCIM 2.0 (RFC 7643, 7644) under
// /scim/v2 for identity providers such as Microsoft Entra ID and Okta:
// Users are the organisation's people, Groups its units (docs/scim.md).
//
// The protocol (routing, schema validation of requests, PATCH parsing,
// filters, list responses, the error schema) is github.com/elimity-com/scim;
// this package authenticates the organisation's SCIM token, maps SCIM
// resources to people and units, and writes through the store as
// store.SCIMActor, so every change is audited (via "scim") and bumps
// revisions like any other.
package scim

import (
	"context"
	stderrors "errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/elimity-com/scim"
	"github.com/elimity-com/scim/errors"
	"github.com/elimity-com/scim/optional"
	"github.com/elimity-com/scim/schema"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Prefix is where the SCIM service is mounted: the provider's "tenant URL"
// is the base URL followed by /scim/v2.
const Prefix = "/scim/v2"

// maxBody bounds a request body (RFC 7644 maxPayloadSize).
const maxBody = 1 << 20

// maxResults is the most resources one list answer holds; providers page.
const maxResults = 200

func init() {
	// Microsoft Entra ID sends booleans as strings ("False") unless the
	// application is set up with the aadOptscim062020 flag: accept them.
	// The setting is the library's only global, and nothing else here
	// depends on it.
	schema.SetAllowStringValues(true)
}

// Config is what the service needs.
type Config struct {
	DB  *store.DB
	Log *slog.Logger
	// BaseURL is the public address ("https://okr.example.com"); resource
	// locations are absolute when it is set, relative otherwise.
	BaseURL string
}

type orgKey struct{}

// orgOf returns the organisation of an authenticated request.
func orgOf(r *http.Request) int64 {
	id, _ := r.Context().Value(orgKey{}).(int64)
	return id
}

// New returns the SCIM service for requests whose path starts with Prefix.
func New(c Config) (http.Handler, error) {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	users := &userHandler{db: c.DB, log: c.Log}
	groups := &groupHandler{db: c.DB, log: c.Log}
	users.schema, groups.schema = schema.CoreUserSchema(), schema.CoreGroupSchema()
	opts := []scim.ServerOption{scim.WithLogger(logger{c.Log})}
	if c.BaseURL != "" {
		opts = append(opts, scim.WithBaseURL(strings.TrimRight(c.BaseURL, "/")+Prefix))
	}
	srv, err := scim.NewServer(&scim.ServerArgs{
		ServiceProviderConfig: &scim.ServiceProviderConfig{
			DocumentationURI: optional.NewString("https://github.com/okr-dev/okr/blob/main/docs/scim.md"),
			AuthenticationSchemes: []scim.AuthenticationScheme{{
				Type:        scim.AuthenticationTypeOauthBearerToken,
				Name:        "Bearer token",
				Description: "The organisation's SCIM token (okrscim_…), made by an admin under Admin → Provisioning or with 'okr token scim'.",
				Primary:     true,
			}},
			MaxResults:       maxResults,
			SupportFiltering: true,
			SupportPatch:     true,
		},
		ResourceTypes: []scim.ResourceType{
			{
				ID:               optional.NewString("User"),
				Name:             "User",
				Endpoint:         "/Users",
				Description:      optional.NewString("A person of the organisation"),
				Schema:           users.schema,
				SchemaExtensions: []scim.SchemaExtension{{Schema: schema.ExtensionEnterpriseUser()}},
				Handler:          users,
			},
			{
				ID:          optional.NewString("Group"),
				Name:        "Group",
				Endpoint:    "/Groups",
				Description: optional.NewString("A unit of the organisation; its members are the people whose unit it is"),
				Schema:      groups.schema,
				Handler:     groups,
			},
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("scim: %w", err)
	}
	return authenticate(c.DB, c.Log, http.StripPrefix("/scim", srv)), nil
}

// authenticate admits requests with the bearer token of an organisation's
// SCIM token and puts the organisation in the context; others get 401 in
// SCIM's error schema.
func authenticate(db *store.DB, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			unauthorized(w, "Send the organisation's SCIM token as 'Authorization: Bearer okrscim_…'.")
			return
		}
		orgID, err := db.AuthenticateSCIM(r.Context(), strings.TrimSpace(token))
		if okr.ErrorCode(err) == okr.EUNAUTHORIZED {
			unauthorized(w, "The SCIM token is unknown or revoked.")
			return
		} else if err != nil {
			log.Error("scim: authenticate", "err", err)
			writeError(w, errors.ScimError{Status: http.StatusServiceUnavailable, Detail: "The service is unavailable for a moment; please try again shortly."})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), orgKey{}, orgID)))
	})
}

func unauthorized(w http.ResponseWriter, detail string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="scim"`)
	writeError(w, errors.ScimError{Status: http.StatusUnauthorized, Detail: detail})
}

func writeError(w http.ResponseWriter, e errors.ScimError) {
	b, _ := e.MarshalJSON()
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(e.Status)
	w.Write(b)
}

// fail turns a store error into a SCIM error: not found 404, conflicts
// 409 uniqueness, invalid values 400 invalidValue, anything else 500
// (logged, never shown).
func fail(log *slog.Logger, err error) error {
	var se errors.ScimError
	if stderrors.As(err, &se) {
		return se
	}
	var ve okr.ValidationErrors
	if stderrors.As(err, &ve) {
		e := errors.ScimErrorInvalidValue
		e.Detail = describe(ve)
		return e
	}
	var oe *okr.Error
	if stderrors.As(err, &oe) {
		switch oe.Code {
		case okr.ENOTFOUND:
			return errors.ScimError{Status: http.StatusNotFound, Detail: "Resource not found."}
		case okr.ECONFLICT:
			e := errors.ScimErrorUniqueness
			e.Detail = oe.Message
			return e
		case okr.EINVALID:
			e := errors.ScimErrorInvalidValue
			e.Detail = describe(okr.ValidationErrors{oe})
			return e
		case okr.EFORBIDDEN:
			return errors.ScimError{Status: http.StatusForbidden, Detail: oe.Message}
		}
	}
	log.Error("scim: request failed", "err", err)
	return errors.ScimErrorInternal
}

// describe says what is invalid, field by field.
func describe(errs okr.ValidationErrors) string {
	parts := make([]string, 0, len(errs))
	for _, e := range errs {
		if f := scimField[e.Field]; f != "" {
			parts = append(parts, f+": "+e.Message)
		} else {
			parts = append(parts, e.Message)
		}
	}
	return strings.Join(parts, "; ")
}

// scimField names a store field as a SCIM attribute.
var scimField = map[string]string{"email": "userName", "name": "displayName", "members": "members"}

// parseID reads a resource id; anything else is not found.
func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.ScimError{Status: http.StatusNotFound, Detail: "Resource not found."}
	}
	return n, nil
}

// page returns offset and limit for a list's 1-based startIndex and
// count (count 0: none, only the total).
func page(startIndex, count int) (offset, limit int) {
	return max(startIndex-1, 0), max(count, 1)
}

// logger writes the library's errors to the log.
type logger struct{ log *slog.Logger }

func (l logger) Error(args ...any) {
	l.log.Error("scim: " + fmt.Sprint(args...))
}
