package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// apiIDPath is the input of an operation on one object.
type apiIDPath struct {
	ID int64 `path:"id" minimum:"1" doc:"The object's id"`
}

// apiVersioned is the input of archive and restore, which need the
// object's version: the ETag it was read with, in If-Match. Inputs with a
// body repeat these two fields rather than embed this type, because huma
// reads parameters only from exported fields.
type apiVersioned struct {
	ID      int64  `path:"id" minimum:"1" doc:"The object's id"`
	IfMatch string `header:"If-Match" doc:"The ETag the object was read with, e.g. \"v3\"; required"`
}

// apiETag returns the entity tag of an object at version.
func apiETag(version int64) string { return fmt.Sprintf(`"v%d"`, version) }

// apiParseIfMatch returns the version named by If-Match: 428 when it is
// missing, 400 when it is not one entity tag of this API such as "v3" (W/
// and missing quotes are tolerated). "*" is refused: a write must name the
// version it is based on.
func apiParseIfMatch(h string) (int64, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, &apiError{status: http.StatusPreconditionRequired, Code: apiCodePreconditionRequired, Field: "If-Match",
			Message: `Send the version you read in If-Match (the ETag of the object, e.g. If-Match: "v3"), so that nobody's change is overwritten.`}
	}
	tag := strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
	n, err := strconv.ParseInt(strings.TrimPrefix(tag, "v"), 10, 64)
	if err != nil || !strings.HasPrefix(tag, "v") || n < 1 {
		return 0, &apiError{status: http.StatusBadRequest, Code: okr.EBADREQUEST, Field: "If-Match",
			Message: `If-Match must hold one ETag of this API, e.g. "v3".`}
	}
	return n, nil
}

// apiCheckRead returns ESTALE when an object read for a partial update is not
// at the version the client named: the update would be based on data the
// client has not seen.
func apiCheckRead(objectType string, current, expected int64) error {
	if current != expected {
		return &okr.Error{Code: okr.ESTALE, Key: "err.stale", Args: map[string]any{"Type": objectType},
			Message: fmt.Sprintf("someone else saved this %s first; reload and try again", strings.ReplaceAll(objectType, "_", " "))}
	}
	return nil
}

// apiPage is the limit/offset pagination of a list. (List inputs declare
// their own limit and offset parameters, 100 and 0 by default.)
type apiPage struct {
	Limit, Offset int
}

// apiWindow returns the part of items that p selects.
func apiWindow[T any](items []T, p apiPage) []T {
	if p.Offset >= len(items) {
		return []T{}
	}
	return items[p.Offset:min(len(items), p.Offset+p.Limit)]
}

// apiList is the body of a list: the items of one page and the number of
// all matches.
type apiList[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total" doc:"The number of matches without limit and offset"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// apiListOf returns a list response.
func apiListOf[T any](items []T, total int, p apiPage) *apiBody[apiList[T]] {
	if items == nil {
		items = []T{}
	}
	return &apiBody[apiList[T]]{Body: apiList[T]{Items: items, Total: total, Limit: p.Limit, Offset: p.Offset}}
}

// apiPaged returns the page of items that limit and offset select, each
// in its wire form, with the number of all items.
func apiPaged[T, O any](items []T, wire func(T) O, limit, offset int) *apiBody[apiList[O]] {
	p := apiPage{Limit: limit, Offset: offset}
	return apiListOf(apiMap(apiWindow(items, p), wire), len(items), p)
}

// apiSame is the wire form of values that are already in it.
func apiSame[T any](v T) T { return v }

// apiBody is a response with a body and no headers.
type apiBody[T any] struct {
	Body T
}

// apiObject is the response of one updatable object: its ETag and body.
type apiObject[T any] struct {
	ETag string `header:"ETag" doc:"The object's version; send it back in If-Match to change the object"`
	Body T
}

// apiCreated is the response of a create: 201, Location and ETag.
type apiCreated[T any] struct {
	ETag     string `header:"ETag" doc:"The object's version"`
	Location string `header:"Location" doc:"The new object's address"`
	Body     T
}

// apiPct converts a fraction to a percentage rounded to one decimal.
func apiPct(f float64) float64 { return math.Round(f*1000) / 10 }

// apiFrac converts a percentage to a fraction.
func apiFrac(p float64) float64 { return p / 100 }

// apiDateLayout is the wire form of calendar dates.
const apiDateLayout = "2006-01-02"

// apiParseDate parses a calendar date, reporting field on error.
func apiParseDate(field, s string) (time.Time, error) {
	t, err := time.Parse(apiDateLayout, s)
	if err != nil {
		return t, okr.FieldError(field, "err.invalid", field+" must be a date like 2026-03-31", nil)
	}
	return t, nil
}

// apiDateString returns the wire form of a date.
func apiDateString(t time.Time) string { return t.UTC().Format(apiDateLayout) }

// apiOptionalID is a reference in a partial update: absent leaves it as it
// is, null (or 0) clears it, a number sets it.
type apiOptionalID struct {
	set bool
	id  *int64
}

func (o *apiOptionalID) UnmarshalJSON(b []byte) error {
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
func (apiOptionalID) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeInteger, Format: "int64", Nullable: true,
		Description: "An id; null clears it, leaving it out keeps it"}
}

// apply sets *dst when the field was sent.
func (o apiOptionalID) apply(dst **int64) {
	if o.set {
		*dst = o.id
	}
}

// apiOptionalDate is a calendar date in a partial update: absent leaves it,
// null or "" clears it.
type apiOptionalDate struct {
	set bool
	day string
}

func (o *apiOptionalDate) UnmarshalJSON(b []byte) error {
	o.set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.day = ""
		return nil
	}
	return json.Unmarshal(b, &o.day)
}

// Schema documents optionalDate as a nullable date string.
func (apiOptionalDate) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date", Nullable: true,
		Description: "A date like 2026-03-31; null clears it, leaving it out keeps it"}
}

// apply sets *dst when the field was sent; field names it in errors.
func (o apiOptionalDate) apply(field string, dst **time.Time) error {
	if !o.set {
		return nil
	}
	if o.day == "" {
		*dst = nil
		return nil
	}
	d, err := apiParseDate(field, o.day)
	if err != nil {
		return err
	}
	*dst = &d
	return nil
}

// apiSet assigns *dst = *v when v is not nil: the helper of partial updates.
func apiSet[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// apiSetString assigns a string field of a partial update; conversion lets
// it fill domain string types.
func apiSetString[T ~string](dst *T, v *string) {
	if v != nil {
		*dst = T(*v)
	}
}

// apiLocation returns the address of an object of the API.
func apiLocation(collection string, id int64) string {
	return fmt.Sprintf("%s/%s/%d", apiPrefix, collection, id)
}

// apiOptionalNumber is an optional number in a partial update: absent
// leaves it, null clears it.
type apiOptionalNumber struct {
	set bool
	v   *float64
}

func (o *apiOptionalNumber) UnmarshalJSON(b []byte) error {
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

// Schema documents apiOptionalNumber as a nullable number.
func (apiOptionalNumber) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeNumber, Format: "double", Nullable: true,
		Description: "A number; null clears it, leaving it out keeps it"}
}

// apply sets *dst when the field was sent.
func (o apiOptionalNumber) apply(dst **float64) {
	if o.set {
		*dst = o.v
	}
}
