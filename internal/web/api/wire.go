package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// idPath is the input of an operation on one object.
type idPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The object's id"`
}

// versioned is the input of archive and restore, which need the
// object's version: the ETag it was read with, in If-Match. Inputs with a
// body repeat these two fields rather than embed this type, because huma
// reads parameters only from exported fields.
type versioned struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\", or * for whatever version is current; required. Compared strongly: W/ tags never match"`
}

// etag returns the entity tag of an object at version.
func etag(version int64) string { return fmt.Sprintf(`"v%d"`, version) }

// representationETag returns the entity tag of an object at version
// whose representation also changes without a new version (a key result's
// figures change with check-ins): "v{version}-{digest of body}". If-Match
// reads only the version part (tagVersion).
func representationETag(version int64, body any) string {
	b, err := json.Marshal(body)
	if err != nil {
		return etag(version) // a wire type always encodes; be safe anyway
	}
	sum := sha256.Sum256(b)
	return fmt.Sprintf(`"v%d-%x"`, version, sum[:8])
}

// precondition is a parsed If-Match header (RFC 9110, section 13.1.1): "*",
// or the versions named by the strong entity tags of this API in it.
type precondition struct {
	any      bool
	versions []int64
	// weak and foreign count the tags that can never match: weak ones
	// (If-Match compares strongly) and strong ones that are not of this API.
	weak, foreign int
}

// parseIfMatch parses If-Match: 428 when it is missing, 400 when it is
// not "*" nor a comma-separated list of entity tags (a single tag without
// quotes, such as v3, is tolerated). Tags that can never match are kept
// for the message of the 412 that version gives.
func parseIfMatch(h string) (precondition, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return precondition{}, &apiError{status: http.StatusPreconditionRequired, Code: codePreconditionRequired, Field: "If-Match",
			Message: `Send the version you read in If-Match (the ETag of the object, e.g. If-Match: "v3"), so that nobody's change is overwritten.`}
	}
	if h == "*" {
		return precondition{any: true}, nil
	}
	tags, ok := splitETags(h)
	if !ok {
		return precondition{}, &apiError{status: http.StatusBadRequest, Code: okr.EBADREQUEST, Field: "If-Match",
			Message: `If-Match must be * or the ETag of the object as this API gave it, e.g. "v3".`}
	}
	var m precondition
	for _, t := range tags {
		if t.weak {
			m.weak++
		} else if v, ok := tagVersion(t.opaque); ok {
			m.versions = append(m.versions, v)
		} else {
			m.foreign++
		}
	}
	return m, nil
}

// etagValue is one entity tag of a header: its opaque part without the
// quotes, and whether it is weak (W/).
type etagValue struct {
	opaque string
	weak   bool
}

// splitETags splits a list of entity tags (`"v1", W/"v2"`); ok is false
// when the list is malformed. A lone tag without quotes is accepted.
func splitETags(h string) (tags []etagValue, ok bool) {
	if !strings.ContainsAny(h, `",`) && !strings.HasPrefix(h, "W/") {
		return []etagValue{{opaque: h}}, true
	}
	for rest := h; ; {
		rest = strings.TrimLeft(rest, " \t")
		var t etagValue
		if r, weak := strings.CutPrefix(rest, "W/"); weak {
			t.weak, rest = true, r
		}
		if !strings.HasPrefix(rest, `"`) {
			return nil, false
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return nil, false
		}
		t.opaque, rest = rest[1:1+end], strings.TrimLeft(rest[2+end:], " \t")
		tags = append(tags, t)
		if rest == "" {
			return tags, true
		}
		if rest, ok = strings.CutPrefix(rest, ","); !ok {
			return nil, false
		}
	}
}

// tagVersion returns the version an opaque tag of this API names: 3 for
// v3, and for v3-1f2e… (representationETag), whose digest part it
// ignores: If-Match guards against overwriting someone else's save, and a
// check-in changes the figures, not what a write changes.
func tagVersion(opaque string) (int64, bool) {
	digits, ok := strings.CutPrefix(opaque, "v")
	if !ok {
		return 0, false
	}
	if head, digest, found := strings.Cut(digits, "-"); found {
		if digest == "" || strings.Trim(digest, "0123456789abcdef") != "" {
			return 0, false
		}
		digits = head
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil && n >= 1 && strconv.FormatInt(n, 10) == digits
}

// version returns the version a write must be based on, given the object's
// current version: "*" matches any, else one of the named versions must be
// current. Weak tags never match: RFC 9110 requires the strong comparison
// for If-Match. Returns ESTALE (412) when nothing matches.
func (m precondition) version(objectType string, current int64) (int64, error) {
	if m.any || slices.Contains(m.versions, current) {
		return current, nil
	}
	if len(m.versions) == 0 {
		msg := "If-Match holds no ETag of this API, so it matches no version"
		if m.weak > 0 {
			msg = `If-Match compares strongly, and a weak ETag (W/"…") never matches; send the ETag as the API gave it, e.g. "v3"`
		}
		return 0, &okr.Error{Code: okr.ESTALE, Message: msg}
	}
	return 0, checkRead(objectType, current, m.versions[0])
}

// versionOf is version for writes that hand the expected version to the
// store without reading the object first: with exactly one version named
// it is returned as it is (the store compares it), else load reads the
// current version.
func (m precondition) versionOf(objectType string, load func() (int64, error)) (int64, error) {
	if !m.any && len(m.versions) == 1 {
		return m.versions[0], nil
	}
	if !m.any && len(m.versions) == 0 {
		return m.version(objectType, 0)
	}
	current, err := load()
	if err != nil {
		return 0, err
	}
	return m.version(objectType, current)
}

// checkRead returns ESTALE when an object read for a partial update is not
// at the version the client named: the update would be based on data the
// client has not seen.
func checkRead(objectType string, current, expected int64) error {
	if current != expected {
		return &okr.Error{Code: okr.ESTALE, Key: "err.stale", Args: map[string]any{"Type": objectType},
			Message: fmt.Sprintf("someone else saved this %s first; reload and try again", strings.ReplaceAll(objectType, "_", " "))}
	}
	return nil
}

// page is the limit/offset pagination of a list. (List inputs declare
// their own limit and offset parameters, 100 and 0 by default.)
type page struct {
	Limit, Offset int
}

// window returns the part of items that p selects.
func window[T any](items []T, p page) []T {
	if p.Offset >= len(items) {
		return []T{}
	}
	return items[p.Offset:min(len(items), p.Offset+p.Limit)]
}

// list is the body of a list: the items of one page and the number of
// all matches.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total" doc:"The number of matches without limit and offset"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// listOf returns a list response.
func listOf[T any](items []T, total int, p page) *body[list[T]] {
	if items == nil {
		items = []T{}
	}
	return &body[list[T]]{Body: list[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset}}
}

// paged returns the page of items that limit and offset select, each
// in its wire form, with the number of all items.
func paged[T, O any](items []T, wire func(T) O, limit, offset int) *body[list[O]] {
	p := page{Limit: limit, Offset: offset}
	return listOf(mapSlice(window(items, p), wire), len(items), p)
}

// same is the wire form of values that are already in it.
func same[T any](v T) T { return v }

// body is a response with a body and no headers.
type body[T any] struct {
	Body T
}

// object is the response of one updatable object: its ETag and body.
type object[T any] struct {
	ETag string `header:"ETag" doc:"The object's version; send it back in If-Match to change the object"`
	Body T
}

// created is the response of a create: 201, Location and ETag.
type created[T any] struct {
	ETag     string `header:"ETag" doc:"The object's version"`
	Location string `header:"Location" doc:"The new object's address"`
	Body     T
}

// pct converts a fraction to a percentage rounded to one decimal.
func pct(f float64) float64 { return math.Round(f*1000) / 10 }

// frac converts a percentage to a fraction.
func frac(p float64) float64 { return p / 100 }

// dateLayout is the wire form of calendar dates.
const dateLayout = "2006-01-02"

// parseDate parses a calendar date, reporting field on error.
func parseDate(field, s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return t, okr.FieldError(field, "err.invalid", field+" must be a date like 2026-03-31", nil)
	}
	return t, nil
}

// dateString returns the wire form of a date.
func dateString(t time.Time) string { return t.UTC().Format(dateLayout) }

// optionalID is a reference in a partial update: absent leaves it as it
// is, null (or 0) clears it, a number sets it.
type optionalID struct {
	set bool
	id  *int64
}

func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.id = nil
		return nil
	}
	var v int64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v != 0 {
		o.id = &v
	}
	return nil
}

// Schema documents optionalID as a nullable integer.
func (optionalID) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeInteger, Format: "int64", Nullable: true,
		Description: "An id; null clears it, leaving it out keeps it"}
}

// apply sets *dst when the field was sent.
func (o optionalID) apply(dst **int64) {
	if o.set {
		*dst = o.id
	}
}

// optionalDate is a calendar date in a partial update: absent leaves it,
// null or "" clears it.
type optionalDate struct {
	set bool
	day string
}

func (o *optionalDate) UnmarshalJSON(b []byte) error {
	o.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.day = ""
		return nil
	}
	return json.Unmarshal(b, &o.day)
}

// Schema documents optionalDate as a nullable date string.
func (optionalDate) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date", Nullable: true,
		Description: "A date like 2026-03-31; null clears it, leaving it out keeps it"}
}

// apply sets *dst when the field was sent; field names it in errors.
func (o optionalDate) apply(field string, dst **time.Time) error {
	if !o.set {
		return nil
	}
	if o.day == "" {
		*dst = nil
		return nil
	}
	d, err := parseDate(field, o.day)
	if err != nil {
		return err
	}
	*dst = &d
	return nil
}

// set assigns *dst = *v when v is not nil: the helper of partial updates.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// setString assigns a string field of a partial update; conversion lets
// it fill domain string types.
func setString[T ~string](dst *T, v *string) {
	if v != nil {
		*dst = T(*v)
	}
}

// location returns the address of an object of the API.
func location(collection string, id int64) string {
	return fmt.Sprintf("%s/%s/%d", Prefix, collection, id)
}

// optionalNumber is an optional number in a partial update: absent
// leaves it, null clears it.
type optionalNumber struct {
	set bool
	v   *float64
}

func (o *optionalNumber) UnmarshalJSON(b []byte) error {
	o.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.v = nil
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.v = &v
	return nil
}

// Schema documents optionalNumber as a nullable number.
func (optionalNumber) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeNumber, Format: "double", Nullable: true,
		Description: "A number; null clears it, leaving it out keeps it"}
}

// apply sets *dst when the field was sent.
func (o optionalNumber) apply(dst **float64) {
	if o.set {
		*dst = o.v
	}
}
