// Package okr holds the domain of the OKR system: plain types, validation and
// the numbers (progress, expected progress, status, grading) with their
// explanations. It imports only the standard library.
package okr

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes. They are stable, machine-readable and map to HTTP statuses
// (HTTPStatus), the same for the pages and the JSON API.
const (
	ECONFLICT     = "conflict"     // 409: the request clashes with existing state
	EINTERNAL     = "internal"     // 500: a bug or an outage; details are logged, not shown
	EINVALID      = "invalid"      // 422: a field failed validation
	EBADREQUEST   = "bad_request"  // 400: the request could not be read
	ENOTFOUND     = "not_found"    // 404
	EUNAUTHORIZED = "unauthorized" // 401: no or bad credentials
	EFORBIDDEN    = "forbidden"    // 403: authenticated but not allowed
	ESTALE        = "stale"        // 412: the If-Match version is not the current one
	EUNAVAILABLE  = "unavailable"  // 503: the database cannot be reached or the server is saturated; try again
)

// HTTPStatus maps an error code to the HTTP status that answers it;
// EINTERNAL and unknown codes give 500.
func HTTPStatus(code string) int {
	switch code {
	case ENOTFOUND:
		return http.StatusNotFound
	case EFORBIDDEN:
		return http.StatusForbidden
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EINVALID:
		return http.StatusUnprocessableEntity
	case ESTALE:
		return http.StatusPreconditionFailed
	case ECONFLICT:
		return http.StatusConflict
	case EBADREQUEST:
		return http.StatusBadRequest
	case EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// Error is the one error type the application hands to users. Message is safe
// to show; Field names the offending input field, if any. Key and Args let the
// web layer translate the message; Message is the English fallback.
type Error struct {
	Code    string
	Message string
	Field   string
	Key     string
	Args    map[string]any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("okr: %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("okr: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one field. key is the
// translation key of the message (e.g. "err.required").
func FieldError(field, key, message string, args map[string]any) *Error {
	return &Error{Code: EINVALID, Field: field, Key: key, Message: message, Args: args}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err. Errors that are not
// *Error give "Internal error." so that details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ValidationErrors collects several field errors so that a form or an import
// can report every problem at once.
type ValidationErrors []*Error

func (v ValidationErrors) Error() string {
	if len(v) == 0 {
		return "okr: no errors"
	}
	return fmt.Sprintf("%s (and %d more)", v[0].Error(), len(v)-1)
}

// Err returns nil when v is empty and v otherwise, so callers can write
// `return v.Err()`.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
