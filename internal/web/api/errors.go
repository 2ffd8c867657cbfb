package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

// Error codes of the API beyond the okr codes, for statuses that only HTTP
// produces.
const (
	codeMethodNotAllowed     = "method_not_allowed"
	codePreconditionRequired = "precondition_required"
	codeNotAcceptable        = "not_acceptable"
	codeTooLarge             = "too_large"
	codeUnsupportedMedia     = "unsupported_media_type"
	codeRequired             = "required"
	codeUnexpectedField      = "unexpected_field"
)

// apiError is the one shape of every API error: a problem details object
// (RFC 9457, application/problem+json) whose members type, title, status
// and detail generic clients read, with the product's extension members:
// a machine-readable code, the message (detail under its older name), the
// offending field, and every problem when there are several.
type apiError struct {
	status  int
	Type    string       `json:"type" example:"about:blank" doc:"The problem type (RFC 9457): about:blank, the status says it all"`
	Title   string       `json:"title" example:"Unprocessable Entity" doc:"The status's name"`
	Status  int          `json:"status" example:"422" doc:"The HTTP status"`
	Detail  string       `json:"detail" example:"title is required" doc:"What went wrong, for people (the same as message)"`
	Code    string       `json:"code" example:"invalid" doc:"Machine-readable error code: bad_request, unauthorized, forbidden, not_found, method_not_allowed, conflict, stale, invalid, too_large, unsupported_media_type, precondition_required, unavailable, internal, …"`
	Message string       `json:"message" example:"title is required" doc:"What went wrong, for people"`
	Field   string       `json:"field,omitempty" example:"title" doc:"The offending field (of the first problem), if any"`
	Errors  []fieldError `json:"errors,omitempty" doc:"Every problem found, each with its field"`
}

// MarshalJSON writes e with its RFC 9457 members filled from its status
// and message.
func (e *apiError) MarshalJSON() ([]byte, error) {
	type plain apiError
	p := plain(*e)
	p.Type, p.Status, p.Title, p.Detail = "about:blank", e.status, http.StatusText(e.status), e.Message
	return json.Marshal(&p)
}

// ContentType makes huma send errors as application/problem+json.
func (e *apiError) ContentType(string) string { return problemType }

// fieldError is one problem with one input field.
type fieldError struct {
	Field   string `json:"field,omitempty" example:"title" doc:"The field, as a path in the request body (metric.target, check_ins[2].value) or the name of a parameter"`
	Code    string `json:"code" example:"required" doc:"Machine-readable code of the problem"`
	Message string `json:"message" example:"title is required"`
}

func (e *apiError) Error() string  { return e.Code + ": " + e.Message }
func (e *apiError) GetStatus() int { return e.status }

// internalError is what a client sees of an unexpected failure; the detail
// is only logged.
func internalError() *apiError {
	return &apiError{status: http.StatusInternalServerError, Code: okr.EINTERNAL, Message: "Internal error."}
}

var useAPIErrorsOnce sync.Once

// useAPIErrors makes huma build every error it reports itself (schema
// validation, unreadable bodies, bad parameters) as an apiError, and
// documents lists as never null. huma.NewError and huma.DefaultArrayNullable
// are package variables, so this is done once for the process.
func useAPIErrors() {
	useAPIErrorsOnce.Do(func() {
		huma.DefaultArrayNullable = false
		huma.NewError = humaError
		huma.NewErrorWithContext = func(_ huma.Context, status int, msg string, errs ...error) huma.StatusError {
			return humaError(status, msg, errs...)
		}
	})
}

// statusCodes maps statuses to codes for errors huma reports itself.
var statusCodes = map[int]string{
	http.StatusBadRequest:            okr.EBADREQUEST,
	http.StatusUnauthorized:          okr.EUNAUTHORIZED,
	http.StatusForbidden:             okr.EFORBIDDEN,
	http.StatusNotFound:              okr.ENOTFOUND,
	http.StatusMethodNotAllowed:      codeMethodNotAllowed,
	http.StatusNotAcceptable:         codeNotAcceptable,
	http.StatusConflict:              okr.ECONFLICT,
	http.StatusPreconditionFailed:    okr.ESTALE,
	http.StatusRequestEntityTooLarge: codeTooLarge,
	http.StatusUnsupportedMediaType:  codeUnsupportedMedia,
	http.StatusUnprocessableEntity:   okr.EINVALID,
	http.StatusPreconditionRequired:  codePreconditionRequired,
}

var requiredProperty = regexp.MustCompile(`^expected required property (\S+) to be present$`)

// humaError converts an error huma reports (with huma.ErrorDetail
// locations such as "body.metric.target" or "query.limit") into an
// apiError. Server errors never carry details.
func humaError(status int, msg string, errs ...error) huma.StatusError {
	code, ok := statusCodes[status]
	if !ok {
		code = okr.EINTERNAL
		if status < 500 {
			code = okr.EBADREQUEST
		}
	}
	e := &apiError{status: status, Code: code, Message: msg}
	if status >= 500 {
		e.Code, e.Message = okr.EINTERNAL, "Internal error."
		return e
	}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var d *huma.ErrorDetail
		if errors.As(err, &d) {
			e.Errors = append(e.Errors, detailField(d, code))
		} else {
			e.Errors = append(e.Errors, fieldError{Code: code, Message: err.Error()})
		}
	}
	if len(e.Errors) > 0 {
		e.Field = e.Errors[0].Field
		if msg == "validation failed" || msg == "" {
			e.Message = e.Errors[0].Message
		}
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

// detailField converts one huma error detail: the location loses its
// "body." or "query." prefix, a missing property names itself.
func detailField(d *huma.ErrorDetail, code string) fieldError {
	field := d.Location
	for _, p := range []string{"body.", "query.", "path.", "header."} {
		field = strings.TrimPrefix(field, p)
	}
	if field == "body" {
		field = ""
	}
	fe := fieldError{Field: field, Code: code, Message: d.Message}
	if m := requiredProperty.FindStringSubmatch(d.Message); m != nil {
		fe.Field, fe.Code = joinField(field, m[1]), codeRequired
		fe.Message = fe.Field + " is required"
	} else if d.Message == "unexpected property" {
		fe.Code, fe.Message = codeUnexpectedField, field+" is not a field of this request"
	}
	return fe
}

func joinField(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// fieldNames maps the field names of okr errors (the domain's: "period",
// "parent") to the wire names of one resource ("period_id", "parent_id").
// A nil map keeps names as they are.
type fieldNames map[string]string

// wire returns the wire name of a domain field. A list element keeps its
// index ("checkins[2].value" may become "check_ins[2].value") and a dotted
// path keeps its tail.
func (n fieldNames) wire(field string) string {
	if n == nil || field == "" {
		return field
	}
	if w, ok := n[field]; ok {
		return w
	}
	if i, j := strings.IndexByte(field, '['), strings.IndexByte(field, ']'); i > 0 && j > i {
		out := n.wire(field[:i]) + field[i:j+1]
		if rest := strings.TrimPrefix(field[j+1:], "."); rest != "" {
			out += "." + n.wire(rest)
		}
		return out
	}
	if head, rest, ok := strings.Cut(field, "."); ok {
		if w, ok := n[head]; ok {
			return w + "." + rest
		}
	}
	return field
}

// fail turns a handler error into the apiError to send. Coded okr errors
// keep their code, message and fields; anything else is logged with the
// request and answered "Internal error.".
func (a *API) fail(ctx context.Context, op string, err error, names fieldNames) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	code := okr.ErrorCode(err)
	if store.IsUnavailable(err) {
		code = okr.EUNAVAILABLE
	}
	status := okr.HTTPStatus(code)
	if status == http.StatusServiceUnavailable {
		a.log.WarnContext(ctx, "api: database unavailable", "operation", op, "err", err)
		return huma.ErrorWithHeaders(unavailableError(), http.Header{"Retry-After": {"5"}})
	}
	if status == http.StatusInternalServerError {
		a.log.ErrorContext(ctx, "api: request failed", "operation", op, "err", err)
		return internalError()
	}
	e := &apiError{status: status, Code: code, Message: okr.ErrorMessage(err)}
	var list okr.ValidationErrors
	var one *okr.Error
	if errors.As(err, &list) {
		for _, v := range list {
			e.Errors = append(e.Errors, okrFieldError(v, names))
		}
	} else if errors.As(err, &one) && one.Field != "" {
		e.Errors = append(e.Errors, okrFieldError(one, names))
	}
	if len(e.Errors) > 0 {
		e.Field = e.Errors[0].Field
		e.Message = e.Errors[0].Message
	}
	if code == okr.EUNAUTHORIZED {
		return huma.ErrorWithHeaders(e, http.Header{"WWW-Authenticate": {`Bearer realm="okr"`}})
	}
	return e
}

// okrFieldError converts one field error of the domain or the store; its
// code is the last part of its translation key ("err.required" gives
// "required"), else its error code.
func okrFieldError(e *okr.Error, names fieldNames) fieldError {
	code := e.Code
	if k, ok := strings.CutPrefix(e.Key, "err."); ok && k != "" {
		code = k
	}
	return fieldError{Field: names.wire(e.Field), Code: code, Message: e.Message}
}

// writeAPIError writes e outside huma (unknown routes, panics).
func writeAPIError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", problemType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(e)
}

// writeHumaError writes e from a huma middleware.
// unavailableError is the answer when the database cannot be reached.
func unavailableError() *apiError {
	return &apiError{status: http.StatusServiceUnavailable, Code: okr.EUNAVAILABLE,
		Message: "The service is unavailable for a moment; nothing was saved. Try again shortly."}
}

func writeHumaError(api huma.API, ctx huma.Context, e *apiError) {
	ctx.SetHeader("Content-Type", problemType)
	ctx.SetStatus(e.status)
	_ = api.Marshal(ctx.BodyWriter(), problemType, e)
}

// problemType is the media type of every error (RFC 9457).
const problemType = "application/problem+json"
