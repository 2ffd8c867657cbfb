package api

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// Text never holds the NUL character: PostgreSQL cannot store it (a title
// with \u0000 answered 500 there, found by FuzzAPIRequestBodies), and no
// person types it. refuseNUL answers 422 for a request whose JSON body or
// query has one, before huma decodes it, so that SQLite and PostgreSQL
// answer alike.

// nulScanLimit is how much of a body refuseNUL reads; huma refuses larger
// bodies itself (its MaxBodyBytes, 1 MiB by default), so a longer body is
// passed on unread.
const nulScanLimit = 1 << 20

// refuseNUL reports whether it answered the request because of a NUL
// character; it leaves r.Body readable from the start otherwise.
func refuseNUL(w http.ResponseWriter, r *http.Request) bool {
	for name, values := range r.URL.Query() {
		for _, v := range values {
			if strings.IndexByte(v, 0) >= 0 || strings.IndexByte(name, 0) >= 0 {
				writeNULError(w, name)
				return true
			}
		}
	}
	if r.Body == nil || r.Body == http.NoBody {
		return false
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, nulScanLimit+1))
	rest := r.Body
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), rest), rest}
	if err != nil || len(head) > nulScanLimit {
		return false // huma reports the read error or the size
	}
	if jsonHasNUL(head) {
		writeNULError(w, "")
		return true
	}
	return false
}

// jsonHasNUL reports whether a JSON text holds a NUL character: the escape
// \u0000 (not itself escaped, as in \\u0000) or a raw zero byte.
func jsonHasNUL(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	for i := bytes.Index(b, []byte(`\u0000`)); i >= 0; {
		slashes := 0
		for j := i; j >= 0 && b[j] == '\\'; j-- {
			slashes++
		}
		if slashes%2 == 1 {
			return true
		}
		next := bytes.Index(b[i+1:], []byte(`\u0000`))
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

func writeNULError(w http.ResponseWriter, field string) {
	msg := "text may not contain the NUL character (\\u0000)"
	writeAPIError(w, &apiError{status: http.StatusUnprocessableEntity, Code: okr.EINVALID, Message: msg, Field: field,
		Errors: []fieldError{{Field: field, Code: okr.EINVALID, Message: msg}}})
}
