package loadtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
)

// The endpoints of the mix, as the report names them.
const (
	epObjectivePage  = "page objective"
	epObjectiveAPI   = "api objective"
	epTeamPage       = "page team OKRs"
	epTeamAPI        = "api team OKRs"
	epDepartmentPage = "page department"
	epAlignment      = "page alignment"
	epAlignmentNode  = "alignment node"
	epHome           = "page home"
	epCheckInPage    = "page check-in"
	epCheckIn        = "api check-in 5 KRs"
	epEdit           = "api edit objective"
	// Not in the mix: driven alone against its ceiling.
	epCheckInOne = "api check-in 1 KR"
	// The machine's ceilings (ceiling.go), driven alone.
	CeilingJSON   = "ceiling json 2 KB"
	CeilingSelect = "ceiling PK select"
	CeilingInsert = "ceiling insert"
)

// mix is the realistic workload: 70 % page and API reads across
// objectives, teams and the tree, 25 % weekly check-ins of five key
// results, 5 % edits. Weights are in percent.
var mix = []struct {
	name   string
	weight int
}{
	{epObjectivePage, 14}, {epObjectiveAPI, 14},
	{epTeamPage, 8}, {epTeamAPI, 8}, {epDepartmentPage, 6},
	{epAlignment, 4}, {epAlignmentNode, 6},
	{epHome, 5}, {epCheckInPage, 5},
	{epCheckIn, 25},
	{epEdit, 5},
}

// Catalog is what requests pick from: the organisation's period, units and
// objectives, and the users who drive the load.
type Catalog struct {
	org        int64
	period     int64
	objectives []int64
	teams      []int64
	depts      []int64
	users      []*user
}

// user is a person the load test signs in as: a session cookie for the
// pages, an API token, their own objectives (to edit) and key results (to
// check in).
type user struct {
	person     okr.Person
	cookie     string
	token      string
	objectives []int64
	versions   map[int64]int64 // objective id → version, kept by the edits
	krs        []okr.KeyResult // five key results of published objectives
}

// request builds the next request of kind name for worker u.
func (c *Catalog) request(base string, name string, u *user, rng *rand.Rand) (*http.Request, error) {
	pick := func(ids []int64) int64 { return ids[rng.IntN(len(ids))] }
	period := strconv.FormatInt(c.period, 10)
	var req *http.Request
	var err error
	switch name {
	case epObjectivePage:
		req, err = page(base, fmt.Sprintf("/objectives/%d", pick(c.objectives)), u)
	case epObjectiveAPI:
		req, err = api(base, http.MethodGet, fmt.Sprintf("/api/v1/objectives/%d", pick(c.objectives)), nil, u)
	case epTeamPage:
		req, err = page(base, fmt.Sprintf("/units/%d?period=%s", pick(c.teams), period), u)
	case epTeamAPI:
		req, err = api(base, http.MethodGet, fmt.Sprintf("/api/v1/objectives?period_id=%s&owner_unit_id=%d", period, pick(c.teams)), nil, u)
	case epDepartmentPage:
		req, err = page(base, fmt.Sprintf("/overview?period=%s&unit=%d", period, pick(c.depts)), u)
	case epAlignment:
		req, err = page(base, "/alignment?period="+period, u)
	case epAlignmentNode:
		req, err = page(base, fmt.Sprintf("/alignment/node?period=%s&unit=%d", period, pick(c.depts)), u)
		if req != nil {
			req.Header.Set("HX-Request", "true")
		}
	case epHome:
		req, err = page(base, "/?period="+period, u)
	case epCheckInPage:
		req, err = page(base, "/checkin?period="+period, u)
	case epCheckIn:
		req, err = api(base, http.MethodPost, "/api/v1/check-ins", weeklyCheckIn(u, rng), u)
	case epCheckInOne:
		body := weeklyCheckIn(u, rng)
		body["check_ins"] = body["check_ins"].([]map[string]any)[:1]
		req, err = api(base, http.MethodPost, "/api/v1/check-ins", body, u)
	case CeilingJSON:
		req, err = http.NewRequest(http.MethodGet, base+"/ceiling/json", nil)
	case CeilingSelect:
		req, err = http.NewRequest(http.MethodGet, fmt.Sprintf("%s/ceiling/select?org=%d&id=%d", base, c.org, pick(c.objectives)), nil)
	case CeilingInsert:
		req, err = http.NewRequest(http.MethodPost, fmt.Sprintf("%s/ceiling/insert?org=%d", base, c.org), nil)
	case epEdit:
		id := pick(u.objectives)
		body := map[string]any{"description": fmt.Sprintf("Oppdatert av lasttesten, runde %d.", rng.IntN(1e6))}
		req, err = api(base, http.MethodPatch, fmt.Sprintf("/api/v1/objectives/%d", id), body, u)
		if req != nil {
			req.Header.Set("If-Match", fmt.Sprintf(`"v%d"`, u.versions[id]))
		}
	default:
		return nil, fmt.Errorf("unknown endpoint %q", name)
	}
	return req, err
}

func page(base, path string, u *user) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Cookie", u.cookie)
	return req, nil
}

func api(base, method, path string, body any, u *user) (*http.Request, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+u.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// weeklyCheckIn is a check-in of the user's five key results with values
// that move a little from the current ones.
func weeklyCheckIn(u *user, rng *rand.Rand) map[string]any {
	confidences := []string{"on_track", "on_track", "at_risk", "off_track"}
	var list []map[string]any
	for _, kr := range u.krs {
		c := map[string]any{"key_result_id": kr.ID, "confidence": confidences[rng.IntN(len(confidences))]}
		switch kr.Metric.Kind {
		case okr.MetricMilestones:
			done := []int64{}
			for i := range rng.IntN(len(kr.Milestones) + 1) {
				done = append(done, kr.Milestones[i].ID)
			}
			c["milestones_done"] = done
		case okr.MetricBoolean:
			c["value"] = float64(rng.IntN(2))
		default:
			cur := kr.Metric.Start
			if kr.Current != nil {
				cur = *kr.Current
			}
			step := (kr.Metric.Target - kr.Metric.Start) / 20
			if step == 0 {
				step = 1
			}
			c["value"] = cur + step*(rng.Float64()-0.3)
		}
		if rng.IntN(2) == 0 {
			c["comment"] = "Ukentlig innsjekk fra lasttesten."
		}
		list = append(list, c)
	}
	return map[string]any{"check_ins": list}
}

// expectOK checks a response: 2xx, and for an edit the new version from
// the ETag.
func expectOK(name string, res *http.Response, u *user, req *http.Request) error {
	if res.StatusCode < 200 || res.StatusCode > 299 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 300))
		return fmt.Errorf("%s %s: status %d: %s", req.Method, req.URL.Path, res.StatusCode, strings.TrimSpace(string(b)))
	}
	if name == epEdit {
		id, _ := strconv.ParseInt(req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:], 10, 64)
		v, err := strconv.ParseInt(strings.Trim(res.Header.Get("ETag"), `"vW/`), 10, 64)
		if err != nil {
			return fmt.Errorf("edit: no version in ETag %q", res.Header.Get("ETag"))
		}
		u.versions[id] = v
	}
	return nil
}
