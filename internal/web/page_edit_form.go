package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Form handling shared by the editing, review, KPI and admin pages: read
// typed values from a posted form, collect every problem per field, and
// turn the store's validation errors into translated messages shown next to
// their fields.

// FieldErrors maps a form field name to its translated message. Templates
// ask Has and Get.
type FieldErrors map[string]string

// Has reports whether the field has an error.
func (e FieldErrors) Has(field string) bool { _, ok := e[field]; return ok }

// Get returns the field's message, or "".
func (e FieldErrors) Get(field string) string { return e[field] }

// Any reports whether there is any error.
func (e FieldErrors) Any() bool { return len(e) > 0 }

// form reads a posted form for one page language and records what could
// not be read, so that a handler can report every problem at once.
type form struct {
	r    *http.Request
	page *Page
	errs FieldErrors
}

// parseForm parses the request's form. An unreadable body is a bad request.
func (s *Server) parseForm(r *http.Request, p *Page) (*form, error) {
	if err := r.ParseForm(); err != nil {
		return nil, okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	return &form{r: r, page: p, errs: FieldErrors{}}, nil
}

// fail records a message for field unless it already has one.
func (f *form) fail(field, key string, kv ...any) {
	if !f.errs.Has(field) {
		f.errs[field] = f.page.L.T(key, kv...)
	}
}

// str returns the trimmed value of field.
func (f *form) str(field string) string { return strings.TrimSpace(f.r.PostForm.Get(field)) }

// raw returns the value of field as typed (multi-line text keeps its
// leading spaces).
func (f *form) raw(field string) string { return f.r.PostForm.Get(field) }

// has reports whether the field was posted (a checked box, a button).
func (f *form) has(field string) bool { return f.r.PostForm.Has(field) }

// id returns the field as an id; empty gives 0, garbage is a bad request
// from a tampered form and recorded as an invalid choice.
func (f *form) id(field string) int64 {
	v := f.str(field)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		f.fail(field, "err.invalid_choice")
		return 0
	}
	return n
}

// idPtr returns the field as an optional id: nil when empty or 0.
func (f *form) idPtr(field string) *int64 {
	if n := f.id(field); n != 0 {
		return &n
	}
	return nil
}

// ids returns every value of a multi-valued field (checkboxes) as ids.
func (f *form) ids(field string) []int64 {
	var out []int64
	for _, v := range f.r.PostForm[field] {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			f.fail(field, "err.invalid_choice")
			continue
		}
		out = append(out, n)
	}
	return out
}

// num reads a number typed in the page's language; required says whether
// an empty field is an error. An empty optional field gives 0, false.
func (f *form) num(field string, required bool) (float64, bool) {
	v := f.str(field)
	if v == "" {
		if required {
			f.fail(field, "err.required")
		}
		return 0, false
	}
	x, ok := parseNumber(v, f.page.Lang)
	if !ok {
		f.fail(field, "err.not_a_number")
		return 0, false
	}
	return x, true
}

// numPtr reads an optional number: nil when the field is empty.
func (f *form) numPtr(field string) *float64 {
	if x, ok := f.num(field, false); ok {
		return &x
	}
	return nil
}

// percent reads a percentage typed as 0..100 (with or without "%") and
// returns it as a fraction.
func (f *form) percent(field string, required bool) (float64, bool) {
	x, ok := f.num(field, required)
	if !ok {
		return 0, false
	}
	if x < 0 || x > 100 {
		f.fail(field, "err.range_0_100")
		return 0, false
	}
	return x / 100, true
}

// date reads a YYYY-MM-DD date (the value of <input type="date">) as UTC
// midnight; empty gives the zero time.
func (f *form) date(field string, required bool) time.Time {
	v := f.str(field)
	if v == "" {
		if required {
			f.fail(field, "err.required")
		}
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		f.fail(field, "edit.err_date")
		return time.Time{}
	}
	return t
}

// owner reads an owner select whose values are "unit:ID" or "person:ID".
func (f *form) owner(field string) okr.Owner {
	o, ok := parseOwner(f.str(field))
	if !ok {
		f.fail(field, "err.one_owner")
	}
	return o
}

// ownerValue is the select value of an owner: "unit:3", "person:7" or "".
func ownerValue(o okr.Owner) string {
	switch {
	case o.UnitID != nil:
		return "unit:" + strconv.FormatInt(*o.UnitID, 10)
	case o.PersonID != nil:
		return "person:" + strconv.FormatInt(*o.PersonID, 10)
	}
	return ""
}

// addError records the store's or the domain's validation errors of err on
// the form, translated, the field names mapped through alias (store field →
// form field; a missing entry keeps the name). A conflict about one field
// (an e-mail address in use, the last admin) counts as a validation error
// of that field. It reports whether err was recorded; other errors are left
// to the caller.
func (f *form) addError(err error, alias map[string]string) bool {
	var list okr.ValidationErrors
	var one *okr.Error
	switch okr.ErrorCode(err) {
	case okr.EINVALID:
		if !errors.As(err, &list) {
			if !errors.As(err, &one) {
				return false
			}
			list = okr.ValidationErrors{one}
		}
	case okr.ECONFLICT:
		if !errors.As(err, &one) || one.Field == "" {
			return false
		}
		list = okr.ValidationErrors{one}
	default:
		return false
	}
	for _, e := range list {
		field := e.Field
		if a, ok := alias[field]; ok {
			field = a
		}
		if field == "" {
			field = "_"
		}
		f.fail(field, f.messageKey(e), argsKV(e.Args)...)
	}
	return true
}

// messageKey returns the message id to show for e: its own key when the
// bundle has it, else the generic "invalid value".
func (f *form) messageKey(e *okr.Error) string {
	if e.Key != "" && f.page.L.Has(e.Key) {
		return e.Key
	}
	return "err.invalid"
}

// validate runs a domain Validate method and records its errors; the form's
// own parse errors take precedence for the same field.
func (f *form) validate(err error, alias map[string]string) {
	if err != nil {
		f.addError(err, alias)
	}
}

// ok reports whether no problem was recorded.
func (f *form) ok() bool { return len(f.errs) == 0 }

// general returns the message of problems that belong to no field shown on
// the form ("_"), for the top of the page.
func (f *form) general() string { return f.errs["_"] }

// formStatus is the status of a page that shows a form again with errors:
// 422 for a plain form post; htmx gets 422 too, which its response
// handling swaps in (see the htmx-config in the layout).
const formStatus = http.StatusUnprocessableEntity

// version reads the hidden "version" field every edit form carries.
func (f *form) version() int64 { return f.id("version") }

// parseOwner reads an owner value "unit:ID" or "person:ID".
func parseOwner(v string) (okr.Owner, bool) {
	kind, id, ok := strings.Cut(strings.TrimSpace(v), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 {
		return okr.Owner{}, false
	}
	switch kind {
	case "unit":
		return okr.Owner{UnitID: &n}, true
	case "person":
		return okr.Owner{PersonID: &n}, true
	}
	return okr.Owner{}, false
}
