package web

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/audit"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// historyPageSize is how many changes one page of history shows.
const historyPageSize = 50

// auditPageData is the audit log of one object, newest first, readable by
// every member: who changed what, when, field by field.
type auditPageData struct {
	Type    string
	Name    string // the object's title or name
	Href    string // the object's own page
	Entries []auditEntryView
	Older   string // the link to older changes, "" at the end
}

// auditEntryView is one change.
type auditEntryView struct {
	ID      int64
	At      time.Time
	Who     string
	Action  string // translated
	Rows    []auditRow
	Compact bool // a record (check-in, grade, reading) shown on one line
}

// auditRow is one field of a change: its value before and after (one
// of them empty for a creation or a check-in).
type auditRow struct {
	Label, Old, New string
}

// historyObjects are the object types that have a history page, with the
// page of the object itself.
var historyObjects = map[string]bool{
	"objective": true, "key_result": true, "initiative": true, "kpi": true,
	"unit": true, "person": true, "period": true,
}

func (s *Server) historyPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := mustViewer(r)
	typ := r.PathValue("type")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || !historyObjects[typ] {
		return notFound()
	}
	p := s.newPage(r, "", "history.title", nil)
	data := &auditPageData{Type: typ}
	periodID, err := s.historySubject(ctx, p, data, typ, id)
	if err != nil {
		return err
	}
	f := store.AuditFilter{ObjectType: typ, ObjectID: id, Limit: historyPageSize + 1}
	if before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && before > 0 {
		f.BeforeID = before
	}
	entries, err := s.DB.ListAudit(ctx, v.Org.ID, f)
	if err != nil {
		return err
	}
	if len(entries) > historyPageSize {
		entries = entries[:historyPageSize]
		data.Older = "/history/" + typ + "/" + strconv.FormatInt(id, 10) + "?before=" + strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	dir, err := s.loadDirectory(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	titles, err := s.historyTitles(ctx, v.Org.ID, periodID, entries)
	if err != nil {
		return err
	}
	periods, err := s.listPeriods(ctx, v.Org.ID)
	if err != nil {
		return err
	}
	fmtr := auditFormatter{p: p, dir: dir, titles: titles, typ: typ, periods: map[int64]string{}}
	for _, pr := range periods {
		fmtr.periods[pr.ID] = pr.Name
	}
	for _, e := range entries {
		data.Entries = append(data.Entries, fmtr.entry(e))
	}
	p.Title = p.L.T("history.title_of", "Name", data.Name)
	return s.page(w, r, http.StatusOK, p, HistoryPage(p, data))
}

// historySubject reads the object (which must be in the viewer's
// organisation) for its name and link; for objectives it returns the
// period, whose objectives name the parent and contributes-to links.
func (s *Server) historySubject(ctx context.Context, p *Page, data *auditPageData, typ string, id int64) (int64, error) {
	org := p.Viewer.Org.ID
	ids := strconv.FormatInt(id, 10)
	switch typ {
	case "objective":
		o, err := s.DB.GetObjective(ctx, org, id)
		data.Name, data.Href = o.Title, "/objectives/"+ids
		return o.PeriodID, err
	case "key_result":
		kr, err := s.DB.GetKeyResult(ctx, org, id)
		data.Name, data.Href = kr.Title, "/objectives/"+strconv.FormatInt(kr.ObjectiveID, 10)+"#kr-"+ids
		return 0, err
	case "initiative":
		in, err := s.DB.GetInitiative(ctx, org, id)
		data.Name, data.Href = in.Title, "/initiatives/"+ids+"/edit"
		return 0, err
	case "kpi":
		k, err := s.DB.GetKPI(ctx, org, id)
		data.Name, data.Href = k.Name, "/kpis/"+ids
		return 0, err
	case "unit":
		u, err := s.DB.GetUnit(ctx, org, id)
		data.Name, data.Href = u.Name, "/units/"+ids
		return 0, err
	case "person":
		person, err := s.DB.GetPerson(ctx, org, id)
		data.Name, data.Href = person.Name, "/people/"+ids
		return 0, err
	case "period":
		pr, err := s.DB.GetPeriod(ctx, org, id)
		data.Name, data.Href = pr.Name, "/review?period="+ids
		return 0, err
	}
	return 0, notFound()
}

// historyTitles names the objectives the entries link to (parent,
// contributes-to, the objective a key result moved between).
func (s *Server) historyTitles(ctx context.Context, orgID, periodID int64, entries []okr.AuditEntry) (map[int64]string, error) {
	var ids []int64
	for _, e := range entries {
		for _, raw := range []string{e.Before, e.After} {
			switch r := readRecord(e, raw).(type) {
			case *audit.Objective:
				if r.ParentID != nil {
					ids = append(ids, *r.ParentID)
				}
				ids = append(ids, r.Contributes...)
			case *audit.KeyResult:
				ids = append(ids, r.ObjectiveID)
			}
		}
	}
	if len(ids) == 0 {
		return map[int64]string{}, nil
	}
	if periodID == 0 {
		if o, err := s.DB.GetObjective(ctx, orgID, ids[0]); err == nil {
			periodID = o.PeriodID
		}
	}
	return s.objectiveTitles(ctx, orgID, periodID, ids)
}

// readRecord returns the record of one side of an entry, nil when nothing
// was recorded or the record cannot be read.
func readRecord(e okr.AuditEntry, stored string) audit.Record {
	r, err := audit.Read(e.ObjectType, e.Action, stored)
	if err != nil {
		return nil
	}
	return r
}

// auditFormatter turns audit entries into rows of labels and values.
type auditFormatter struct {
	p       *Page
	dir     *view.Directory
	titles  map[int64]string
	periods map[int64]string
	typ     string // the object type, which decides what ids and kinds mean
}

// historyKey builds a message id of the history area. The area is spelled
// apart from the rest so that the message-id test does not take the prefix
// for a message; TestHistoryKeysExist checks every id this can build.
func historyKey(rest string) string { return "history" + "." + rest }

// hiddenFields are bookkeeping, not changes people make.
var hiddenFields = map[string]bool{
	"v": true, "id": true, "version": true, "created_at": true, "updated_at": true,
	"key_result_id": true, "graded_by": true, "author_id": true, "at": true, "position": true,
	"last_check_in_at": true, "current": true, "archived": true,
	"on_behalf_of": true, // said in Who ("registered by")
}

func (h auditFormatter) entry(e okr.AuditEntry) auditEntryView {
	out := auditEntryView{ID: e.ID, At: e.At, Who: h.p.L.T("history.system")}
	if e.ActorID != nil {
		out.Who = h.p.L.T("history.someone")
		if person := h.dir.People[*e.ActorID]; person != nil {
			out.Who = person.Name
		}
	}
	if c, ok := readRecord(e, e.After).(*audit.CheckIn); ok && e.Action == store.ActionCheckIn && c.OnBehalfOf != nil {
		out.Who = h.p.registeredBy(out.Who, ownerLabel(h.dir, c.Domain().OnBehalfOf))
	}
	key := historyKey("action_other")
	if historyActions[e.Action] {
		key = historyKey("action_" + e.Action)
	}
	out.Action = h.p.L.T(key)
	before, after := flatRecord(e, e.Before), flatRecord(e, e.After)
	switch e.Action {
	case store.ActionArchive, store.ActionRestore:
		return out // the action says it all
	case store.ActionCheckIn, store.ActionGrade, "reading":
		before, out.Compact = nil, true
	case store.ActionCreate, store.ActionTargetChange:
		before = nil // show what was recorded
	}
	names := make([]string, 0, len(after)+len(before))
	seen := map[string]bool{}
	for _, m := range []map[string]any{after, before} {
		for k := range m {
			if !seen[k] && !hiddenFields[k] && !hiddenFields[strings.SplitN(k, "/", 2)[0]] {
				seen[k] = true
				names = append(names, k)
			}
		}
	}
	sort.Slice(names, func(i, j int) bool {
		return fieldRank(names[i]) < fieldRank(names[j]) || (fieldRank(names[i]) == fieldRank(names[j]) && names[i] < names[j])
	})
	for _, k := range names {
		oldV, newV := h.value(k, before[k]), h.value(k, after[k])
		if before != nil && oldV == newV {
			continue
		}
		if before == nil && (newV == "–" || (k == "late" && after[k] == false)) {
			continue
		}
		out.Rows = append(out.Rows, auditRow{Label: h.label(k), Old: oldV, New: newV})
	}
	if before == nil {
		for i := range out.Rows {
			out.Rows[i].Old = ""
		}
	}
	return out
}

// historyActions are the audit actions with a message of their own.
var historyActions = map[string]bool{
	store.ActionCreate: true, store.ActionUpdate: true, store.ActionArchive: true, store.ActionRestore: true,
	store.ActionMove: true, store.ActionCheckIn: true, store.ActionGrade: true, store.ActionTargetChange: true,
	store.ActionContributes: true, "reading": true, store.ActionPasswordSet: true,
}

// fieldOrder puts the fields people care about first.
var fieldOrder = []string{"title", "name", "description", "email", "role", "owner", "period_id", "parent_id", "contributes", "state",
	"metric", "milestones", "weight", "value", "score", "note", "comment", "reason", "status", "due", "reflection"}

func fieldRank(name string) int {
	root := strings.SplitN(name, "/", 2)[0]
	for i, f := range fieldOrder {
		if f == root {
			return i
		}
	}
	return len(fieldOrder)
}

// flatRecord reads one side of an entry (its record, see internal/audit)
// into paths of the record's JSON names: {"owner": {"unit_id": 3}} gives
// "owner/unit_id". Lists stay whole. It returns nil when nothing was
// recorded or the record cannot be read.
func flatRecord(e okr.AuditEntry, stored string) map[string]any {
	r := readRecord(e, stored)
	if r == nil {
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	out := map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		if sub, ok := v.(map[string]any); ok {
			for k, x := range sub {
				name := k
				if prefix != "" {
					name = prefix + "/" + k
				}
				walk(name, x)
			}
			return
		}
		out[prefix] = v
	}
	walk("", m)
	return out
}

// label translates a field name, falling back to the name itself. The
// message of "owner/unit_id" is history.f_owner_unitid: the parts of the
// path joined by "_", each without its own underscores.
func (h auditFormatter) label(name string) string {
	key := historyKey("f_" + strings.ReplaceAll(strings.ReplaceAll(name, "_", ""), "/", "_"))
	if h.p.L.Has(key) {
		return h.p.L.T(key)
	}
	return name
}

// value formats one field's value for people: names for ids, dates,
// numbers in the page's language, yes and no.
func (h auditFormatter) value(name string, v any) string {
	l := h.p.L
	switch x := v.(type) {
	case nil:
		return "–"
	case bool:
		if x {
			return l.T("word.yes")
		}
		return l.T("word.no")
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				return l.Date(t)
			}
			return l.DateTime(t, nil)
		}
		if x == "" {
			return "–"
		}
		return h.enum(name, x)
	case float64:
		id := int64(x)
		unitRef := name == "owner/unit_id" || name == "unit_id" || name == "owner_unit_id" || (name == "parent_id" && h.typ == "unit")
		switch {
		case unitRef:
			if u := h.dir.Units[id]; u != nil {
				return u.Name
			}
		case name == "owner/person_id" || name == "owner_person_id":
			if person := h.dir.People[id]; person != nil {
				return person.Name
			}
		case name == "period_id":
			if n, ok := h.periods[id]; ok {
				return n
			}
		case name == "parent_id" || name == "objective_id":
			if t, ok := h.titles[id]; ok {
				return t
			}
		case name == "score" || name == "suggested":
			return l.Pct(x)
		}
		return l.Number(x, 2)
	case []any:
		var parts []string
		for _, item := range x {
			switch it := item.(type) {
			case map[string]any:
				if t, ok := it["title"].(string); ok {
					parts = append(parts, t)
				}
			case float64:
				if t, ok := h.titles[int64(it)]; ok && name == "contributes" {
					parts = append(parts, t)
				} else if person := h.dir.People[int64(it)]; person != nil && name == "lead_ids" {
					parts = append(parts, person.Name)
				} else {
					parts = append(parts, l.Number(it, 0))
				}
			}
		}
		if len(parts) == 0 {
			return "–"
		}
		return strings.Join(parts, "; ")
	}
	return "–"
}

// enum translates the domain's enumerations by field.
func (h auditFormatter) enum(name, v string) string {
	var key string
	switch name {
	case "state":
		key = "state." + v
	case "metric/kind":
		key = "metric." + v
	case "confidence":
		key = "confidence." + v
	case "status":
		key = "init." + v
	case "role":
		key = "role." + v
	case "kind":
		key = "unitkind." + v
		if h.typ == "period" {
			key = "periodkind." + v
		}
	case "direction":
		key = "direction." + v
	case "frequency":
		key = "frequency." + v
	case "metric/unit/kind", "unit/kind":
		key = "measure." + v
	}
	if key != "" && h.p.L.Has(key) {
		return h.p.L.T(key)
	}
	return v
}
