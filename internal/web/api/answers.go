package api

import (
	"context"
	"encoding/binary"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/s2"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/ops"
)

// The answers of get-objective, kept: the request people and scripts make
// most. An answer is the objective with its figures, roll-up and key
// results, so it is current while three things hold: the organisation's
// state stamp (its periods, units, people and settings), the objective's
// subtree revision (store.bumpRevs: anything at or below it), and the
// clock, which moves the expected progress and the pace statuses. The
// stamps are read with the API token in one primary-key statement
// (store.ObjectiveStampFor), so a kept answer costs that statement and a
// copy; they live in the database, so every node agrees on them. The
// clock moves only the expected progress and the statuses, each one way
// within a period, so the operation reports up to when its figures stay
// what they are (steady.go) and the answer is kept until then: it shows
// what a new answer would, to the wire form's rounding.
//
// A miss runs the operation as every other request does, with the caller
// whose token the stamps' statement checked (checkedCaller), and keeps a
// 200 answer under the stamps read before it, so what it keeps is at least
// as new as they are. Bodies are kept compressed (s2, decoded in about
// 2 µs) against a dictionary made of the organisation's own first answers
// (answerDicts): a typical objective's 2.6 KB is 1.15 KB compressed alone
// and about 0.45 KB with the dictionary.

// answerBudget bounds the kept answers. The large generated organisation's
// 33,153 objectives took 22.4 MB (676 bytes each, the entry included) and
// its 1,000 teams' lists 0.6 MB: the answers people ask for are spread
// over all of them, and with 16 MB, which held 25,000, a quarter of the
// requests missed and ran the operation. Every cache's bytes count
// against the collector's memory limit (cmd/okr/serve_gc.go) together: the
// ceilings run (okr loadtest --ceilings), with all of them kept before the
// mix, peaked at 256 MB.
const answerBudget = 28 << 20

// The routes whose answers are kept: get-objective and list-objectives of
// a team (or several units) in a period, the form the team pages' scripts
// and integrations ask for.
const (
	getObjectivePattern   = http.MethodGet + " " + Prefix + "/objectives/{id}"
	listObjectivesPattern = http.MethodGet + " " + Prefix + "/objectives"
)

// answerKey names a kept answer: an objective (units empty) or the list
// of the objectives of units in period id.
type answerKey struct {
	org, id int64
	units   string
}

// answerStamp is what a kept answer must match: the stamps it was made
// under (for a list, revs: the id and subtree revision of each objective
// listed, store.ObjectiveListStampFor) and the request's Accept, which
// chooses the format.
type answerStamp struct {
	store.ObjectiveStamp
	revs   string
	accept string
}

// answer is a kept 200 answer: its headers that the operation set and its
// body, s2-compressed with dict (none when nil).
type answer struct {
	steady      steadyWindow // the instants its figures hold at
	contentType string
	etag        string
	dict        *s2.Dict
	body        []byte
}

// decode decompresses the answer's body into dst.
func (ans *answer) decode(dst []byte) ([]byte, error) {
	if ans.dict != nil {
		return ans.dict.Decode(dst, ans.body)
	}
	return s2.Decode(dst, ans.body)
}

// answerDicts are the compression dictionaries of the kept answers, one
// per organisation, made of that organisation's first answers: its
// answers repeat the same field names, enumerations, people, units and
// words, which a lone answer of 2–3 KB is too short to exploit. Each
// organisation has its own so that no organisation's bytes take part in
// keeping another's. At most maxAnswerDicts dictionaries are made (about
// 100 KB each, the dictionary and its s2 table); the others' answers are
// compressed alone. A dictionary is made once, while the process lives:
// it helps less as the organisation's data drifts from what it was made
// of, and never decides what is answered.
type answerDicts struct {
	mu   sync.Mutex
	orgs map[answerDictKey]*answerDict
}

// answerDictKey names a dictionary: an organisation's for single
// objectives, or for lists. Each kind has its own: a dictionary made of
// lists compressed single objectives to 1.0 KB instead of 0.68 KB, so that
// the budget held 29,000 objectives instead of all 33,153 when a run asked
// for lists first.
type answerDictKey struct {
	org  int64
	list bool
}

// answerDict is one organisation's dictionary, or the samples it is
// being made of.
// All under answerDicts.mu.
type answerDict struct {
	dict    *s2.Dict
	samples []byte // until dict is made
	n       int
}

const (
	maxAnswerDicts = 32 // 16 organisations
	// answerDictSamples answers, up to answerDictBytes, make a
	// dictionary: 16 answers made one that compressed the large
	// generated organisation's objectives to 0.44 KB, 64 to 0.42 KB.
	answerDictSamples = 16
	answerDictBytes   = s2.MaxDictSize
)

// dict returns the dictionary of key, or nil while there is none; until
// there is, body is taken as a sample to make it of.
func (ds *answerDicts) dict(key answerDictKey, body []byte) *s2.Dict {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	d := ds.orgs[key]
	if d == nil {
		if len(ds.orgs) >= maxAnswerDicts {
			return nil
		}
		d = &answerDict{}
		if ds.orgs == nil {
			ds.orgs = map[answerDictKey]*answerDict{}
		}
		ds.orgs[key] = d
	}
	if d.dict != nil {
		return d.dict
	}
	if len(d.samples)+len(body) <= answerDictBytes {
		d.samples = append(d.samples, body...)
		d.n++
	}
	if d.n >= answerDictSamples || len(d.samples)+len(body) > answerDictBytes {
		d.dict = s2.MakeDict(d.samples, []byte(`{"id":`))
		d.samples, d.n = nil, 0
	}
	return nil
}

func newAnswers() *view.Cache[answerKey, answerStamp, *answer] {
	return view.NewCache[answerKey, answerStamp, *answer](answerBudget, answerBudget/64)
}

// CacheStats returns the statistics of the kept answers (the metrics'
// "api_answers" cache).
func (a *API) CacheStats() view.CacheStats { return a.answers.Stats() }

// serveObjective answers GET /objectives/{id} from the kept answers when
// they hold a current one, and otherwise runs the operation and keeps its
// answer. It returns false, having written nothing, for a request it
// leaves to the operation alone: without a token, with a bad one, with a
// query, or for an objective the caller's organisation does not have.
func (a *API) serveObjective(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.RawQuery != "" {
		return false
	}
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return false
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(r.URL.Path, Prefix+"/objectives/"), 10, 64)
	if err != nil || id < 1 {
		return false
	}
	org, person, st, err := a.db.ObjectiveStampFor(r.Context(), token, id)
	if err != nil || st.TreeRev < 0 {
		return false // authenticate and the operation answer the error
	}
	ops.SetUser(r.Context(), org, person)
	view.PrimeStamp(r.Context(), org, st.State)
	a.serveKept(w, r, person, answerKey{org: org, id: id}, answerStamp{ObjectiveStamp: st, accept: r.Header.Get("Accept")})
	return true
}

// serveObjectiveList answers GET /objectives?period_id=P&owner_unit_id=U
// (owner_unit_id repeated for several units, nothing else in the query)
// as serveObjective does: kept while the organisation's state stamp and
// the listed objectives with their subtree revisions hold, read with the
// token in one statement (store.ObjectiveListStampFor). Other queries, and lists longer than
// a page, are left to the operation.
func (a *API) serveObjectiveList(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	if len(q) != 2 || len(q["period_id"]) != 1 || len(q["owner_unit_id"]) == 0 {
		return false
	}
	f := store.ObjectiveFilter{Limit: listLimit + 1}
	var err error
	if f.PeriodID, err = strconv.ParseInt(q.Get("period_id"), 10, 64); err != nil || f.PeriodID < 1 {
		return false
	}
	for _, v := range q["owner_unit_id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			return false
		}
		f.OwnerUnitIDs = append(f.OwnerUnitIDs, id)
	}
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return false
	}
	org, person, state, revs, err := a.db.ObjectiveListStampFor(r.Context(), token, f)
	if err != nil || len(revs)/2 > listLimit {
		return false
	}
	ops.SetUser(r.Context(), org, person)
	view.PrimeStamp(r.Context(), org, state)
	packed := make([]byte, 0, 8*len(revs))
	for _, v := range revs {
		packed = binary.AppendVarint(packed, v)
	}
	stamp := answerStamp{ObjectiveStamp: store.ObjectiveStamp{State: state}, revs: string(packed), accept: r.Header.Get("Accept")}
	a.serveKept(w, r, person, answerKey{org: org, id: f.PeriodID, units: strings.Join(q["owner_unit_id"], ",")}, stamp)
	return true
}

// listLimit is list-objectives' default limit: a kept list is one page.
const listLimit = 100

// serveKept writes the answer kept under key and stamp if its figures
// hold now, and otherwise runs the operation and keeps a 200 answer under
// them for as long as the operation reports its figures hold. The token was checked with the stamps: it belongs to
// person of organisation key.org.
func (a *API) serveKept(w http.ResponseWriter, r *http.Request, person int64, key answerKey, stamp answerStamp) {
	if ans, ok := a.answers.Get(key, stamp); ok && ans.steady.holds(a.now()) {
		buf := answerBuffers.Get().(*[]byte)
		defer answerBuffers.Put(buf)
		if body, err := ans.decode((*buf)[:cap(*buf)]); err == nil {
			*buf = body[:0]
			h := w.Header()
			h.Set("Content-Type", ans.contentType)
			if ans.etag != "" {
				h.Set("Etag", ans.etag)
			}
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(body)
			return
		}
	}
	rec := &bodyRecorder{ResponseWriter: w}
	r = a.checkedCaller(r, key.org, person)
	ctx, steady := withSteadiness(r.Context())
	a.mux.ServeHTTP(rec, r.WithContext(ctx))
	if win, ok := steady.window(); ok && rec.status == http.StatusOK && !rec.overflow {
		h := w.Header()
		buf := answerBuffers.Get().(*[]byte)
		dict := a.dicts.dict(answerDictKey{org: key.org, list: key.units != ""}, rec.body)
		var enc []byte
		if dict != nil {
			enc = dict.Encode((*buf)[:cap(*buf)], rec.body)
		} else {
			enc = s2.Encode((*buf)[:cap(*buf)], rec.body)
		}
		ans := &answer{steady: win, contentType: h.Get("Content-Type"), etag: h.Get("Etag"), dict: dict, body: slices.Clone(enc)}
		*buf = enc[:0]
		answerBuffers.Put(buf)
		a.answers.Put(key, stamp, ans, int64(len(ans.body)+len(ans.contentType)+len(ans.etag)+len(stamp.revs)+64))
	}
}

// checkedCaller returns r with its caller, the person whose token was
// checked along with the stamps, taken from the organisation's state (whose
// stamp was read in the same statement, so the memo has it and this reads
// nothing): the operation then runs without checking the token again. It
// returns r as it is, for authenticate to check, when the state does not
// have the person.
func (a *API) checkedCaller(r *http.Request, org, person int64) *http.Request {
	st, err := a.view.OrgState(r.Context(), org)
	if err != nil {
		return r
	}
	p, ok := st.Dir.People[person]
	if !ok || p.Archived {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, &caller{person: *p, actor: store.PersonActor(*p), checked: true}))
}

// answerBuffers hold the buffers answers are compressed into and
// decompressed from: s2 needs room for the whole body either way, and an
// answer keeps only a copy of its compressed bytes (an s2 buffer is larger
// than what it holds).
var answerBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// maxKeptAnswer is the largest body kept: an objective with very many key
// results is answered anew each time.
const maxKeptAnswer = 256 << 10

// bodyRecorder passes a response through and keeps its status and, up to
// maxKeptAnswer, its body.
type bodyRecorder struct {
	http.ResponseWriter
	status   int
	body     []byte
	overflow bool
}

func (r *bodyRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *bodyRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if len(r.body)+len(b) > maxKeptAnswer {
		r.overflow = true
	} else if !r.overflow {
		r.body = append(r.body, b...)
	}
	return r.ResponseWriter.Write(b)
}

func (r *bodyRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
