package loadtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/store"
)

// The ceilings: what this machine can do at all over HTTP with this
// database and driver, measured in the same run as the endpoints so that
// each endpoint's throughput is read as a share of the matching ceiling and
// the machine's noise cancels (docs/performance.md). okr loadtest runs
// CeilingHandler in a process of its own (`okr loadtest-ceiling`), started
// like okr serve, and drives each ceiling alone:
//
//   - CeilingJSON: a constant 2 KB JSON response; the floor of net/http,
//     the loopback and the load generator;
//   - CeilingSelect: one primary-key SELECT of an objective's head, encoded
//     as JSON; the floor of a read (store.ProbeSelect);
//   - CeilingInsert: one one-row INSERT in its own transaction, committed
//     durably; the floor of a write (store.ProbeInsert).

// ceilingBody is the constant response of the JSON ceiling, 2,048 bytes.
var ceilingBody = func() []byte {
	b, _ := json.Marshal(map[string]string{"ceiling": "json", "pad": ""})
	pad := strings.Repeat("x", 2048-len(b))
	b, _ = json.Marshal(map[string]string{"ceiling": "json", "pad": pad})
	return b
}()

// CeilingHandler serves the three ceilings on db. It has no sign-in: run it
// on loopback for a load test only.
func CeilingHandler(db *store.DB) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("GET /ceiling/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(ceilingBody)
	})
	mux.HandleFunc("GET /ceiling/select", func(w http.ResponseWriter, r *http.Request) {
		org, _ := strconv.ParseInt(r.FormValue("org"), 10, 64)
		id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
		row, err := db.ProbeSelect(r.Context(), org, id)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, row)
	})
	mux.HandleFunc("POST /ceiling/insert", func(w http.ResponseWriter, r *http.Request) {
		org, _ := strconv.ParseInt(r.FormValue("org"), 10, 64)
		id, err := db.ProbeInsert(r.Context(), org, "ceiling")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]int64{"id": id})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
