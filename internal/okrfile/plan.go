package okrfile

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The actions of a Change.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionArchive = "archive"
	ActionAppend  = "append" // a check-in or KPI reading added to the history
)

// The kinds of objects a Change is about, as the JSON plan names them.
const (
	KindOrganization = "organization"
	KindUnit         = "unit"
	KindPerson       = "person"
	KindPeriod       = "period"
	KindKPI          = "kpi"
	KindKPIValue     = "kpi_value"
	KindObjective    = "objective"
	KindKeyResult    = "key_result"
	KindInitiative   = "initiative"
	KindCheckIn      = "check_in"
	KindGrade        = "grade"
)

// FieldChange is one field of a Change as the file writes it: Old is ""
// for a field that was not set (and for created objects), New "" for one
// that is no longer set.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// Change is one thing okr apply does to bring the organisation to the file.
// Key is the object's identity in the file: a unit, KPI, objective or key
// result key, a person's e-mail, a period's name; for what belongs to a key
// result (initiatives, check-ins, the grade) the key result's key and the
// item ("salg / 2025-01-10T14:45:00Z"). Path is the object's field path in
// the file ("" for archives: the file no longer has the object).
type Change struct {
	Action string        `json:"action"`
	Kind   string        `json:"kind"`
	Key    string        `json:"key"`
	Path   string        `json:"path,omitempty"`
	Line   int           `json:"line,omitempty"`
	Fields []FieldChange `json:"fields,omitempty"`
}

// Plan is every change that makes the organisation (Current) what the file
// (Wanted) says, in the order they are made, and the file's problems that
// only show against the organisation (a check-in that would rewrite one
// already made).
type Plan struct {
	Changes  []Change `json:"changes"`
	Problems Problems `json:"-"`
}

// Counts returns how many changes of each action the plan has.
func (p *Plan) Counts() (create, update, archive, appended int) {
	for _, c := range p.Changes {
		switch c.Action {
		case ActionCreate:
			create++
		case ActionUpdate:
			update++
		case ActionArchive:
			archive++
		case ActionAppend:
			appended++
		}
	}
	return
}

// Diff plans the changes that turn current (an organisation as exported by
// okr export) into wanted (a decoded file), matching objects by their stable
// identities: units, KPIs, objectives and key results by key, people by
// e-mail (regardless of case), periods by name; initiatives by title within
// their key result, check-ins and KPI readings by time. What wanted no
// longer has is archived only when prune is set. Check-ins and readings
// are appended, never changed or removed: one in wanted at the time of one
// in current but with another value, confidence, comment or milestones is a
// problem. Target changes are not applied on
// their own: the organisation records one when a key result's start or
// target changes. A milestone's done flag and a key result's current value
// come from its check-ins.
func Diff(current, wanted *File, prune bool) *Plan {
	d := &differ{cur: toDoc(current), want: toDoc(wanted), wf: wanted, prune: prune, plan: &Plan{}}
	d.org()
	d.units()
	d.people()
	d.periods()
	d.kpis()
	d.objectives()
	return d.plan
}

type differ struct {
	cur, want *docFile
	wf        *File
	prune     bool
	plan      *Plan
}

func (d *differ) add(c Change) {
	if c.Path != "" {
		c.Line = d.wf.Pos(c.Path).Line
	}
	d.plan.Changes = append(d.plan.Changes, c)
}

func (d *differ) problem(path, format string, args ...any) {
	p := d.wf.Pos(path)
	d.plan.Problems = append(d.plan.Problems, Problem{File: d.wf.Name, Line: p.Line, Col: p.Col, Path: path, Message: fmt.Sprintf(format, args...)})
}

func (d *differ) org() {
	if d.want.Organization == nil || d.cur.Organization == nil {
		return
	}
	w, c := d.want.Organization.Settings, d.cur.Organization.Settings
	if w == nil {
		w = &docSettings{}
	}
	if c == nil {
		c = &docSettings{}
	}
	if fs := fieldChanges(c, w, "settings."); len(fs) > 0 {
		d.add(Change{Action: ActionUpdate, Kind: KindOrganization, Key: d.cur.Organization.Slug, Path: "organization", Fields: fs})
	}
}

// match pairs the items of cur and want by key, calling same for pairs
// and created for wanted items cur lacks, in want's order, then archived
// (with prune) for cur items want lacks, in cur's order.
func match[T any](cur, want []*T, key func(*T) string, same func(i int, c, w *T), created func(i int, w *T), archived func(c *T)) {
	byKey := map[string]*T{}
	for _, c := range cur {
		byKey[key(c)] = c
	}
	seen := map[string]bool{}
	for i, w := range want {
		k := key(w)
		seen[k] = true
		if c, ok := byKey[k]; ok {
			same(i, c, w)
		} else {
			created(i, w)
		}
	}
	for _, c := range cur {
		if !seen[key(c)] && archived != nil {
			archived(c)
		}
	}
}

// archivable reports whether the archived field of a doc record is false,
// so that pruning it changes something.
func archivable(v any) bool {
	f := reflect.ValueOf(v).Elem().FieldByName("Archived")
	return f.IsValid() && !f.Bool()
}

func (d *differ) simple(kind, list string, cur, want any, key func(v reflect.Value) string) {
	cv, wv := reflect.ValueOf(cur), reflect.ValueOf(want)
	byKey := map[string]reflect.Value{}
	for i := range cv.Len() {
		byKey[key(cv.Index(i).Elem())] = cv.Index(i)
	}
	seen := map[string]bool{}
	for i := range wv.Len() {
		w := wv.Index(i)
		k := key(w.Elem())
		seen[k] = true
		path := index(list, i)
		if c, ok := byKey[k]; ok {
			if fs := fieldChanges(c.Interface(), w.Interface(), ""); len(fs) > 0 {
				d.add(Change{Action: ActionUpdate, Kind: kind, Key: k, Path: path, Fields: fs})
			}
		} else {
			d.add(Change{Action: ActionCreate, Kind: kind, Key: k, Path: path, Fields: fieldChanges(zeroOf(w.Interface()), w.Interface(), "")})
		}
	}
	if !d.prune {
		return
	}
	for i := range cv.Len() {
		c := cv.Index(i)
		if k := key(c.Elem()); !seen[k] && archivable(c.Interface()) {
			d.add(Change{Action: ActionArchive, Kind: kind, Key: k})
		}
	}
}

func zeroOf(v any) any { return reflect.New(reflect.TypeOf(v).Elem()).Interface() }

func (d *differ) units() {
	for _, us := range [][]*docUnit{d.cur.Units, d.want.Units} {
		for _, u := range us {
			u.Leads = sortedEmails(u.Leads)
		}
	}
	d.simple(KindUnit, "units", d.cur.Units, d.want.Units, func(v reflect.Value) string { return v.FieldByName("Key").String() })
}

func (d *differ) people() {
	d.simple(KindPerson, "people", d.cur.People, d.want.People, func(v reflect.Value) string { return emailKey(v.FieldByName("Email").String()) })
}

func (d *differ) periods() {
	d.simple(KindPeriod, "periods", d.cur.Periods, d.want.Periods, func(v reflect.Value) string { return v.FieldByName("Name").String() })
}

func (d *differ) kpis() {
	d.simple(KindKPI, "kpis", d.cur.KPIs, d.want.KPIs, func(v reflect.Value) string { return v.FieldByName("Key").String() })
	match(d.cur.KPIs, d.want.KPIs, func(k *docKPI) string { return k.Key },
		func(i int, c, w *docKPI) {
			history(d, KindKPIValue, w.Key, index(field(index("kpis", i), "values"), 0), c.Values, w.Values)
		},
		func(i int, w *docKPI) {
			history(d, KindKPIValue, w.Key, index(field(index("kpis", i), "values"), 0), nil, w.Values)
		}, nil)
}

// history appends the readings or check-ins of want that cur lacks, by
// time; one at the time of one in cur that differs is a problem.
// first is the path of the list's first item.
func history[T any](d *differ, kind, owner, first string, cur, want []*T) {
	at := func(x *T) string { return reflect.ValueOf(x).Elem().FieldByName("At").Interface().(*stamp).text() }
	byAt := map[string]*T{}
	for _, c := range cur {
		byAt[at(c)] = c
	}
	list := strings.TrimSuffix(first, "[0]")
	for i, w := range want {
		path := index(list, i)
		c, ok := byAt[at(w)]
		if !ok {
			d.add(Change{Action: ActionAppend, Kind: kind, Key: owner + " / " + at(w), Path: path, Fields: fieldChanges(zeroOf(w), w, "")})
			continue
		}
		if fs := historyChanges(fieldChanges(c, w, "")); len(fs) > 0 {
			d.problem(path, "the %s of %s was made already and differs from this one (%s): history is appended, never rewritten; give a new one its own time",
				strings.ReplaceAll(kind, "_", "-"), at(w), describeFields(fs))
		}
	}
}

// historyChanges keeps the fields of a check-in or reading that say what
// was measured: who recorded it (by) and whether it was late are the
// organisation's record of how it was made (an archived author is recorded
// by the system; an admin's check-in into a closed period is late).
func historyChanges(fs []FieldChange) []FieldChange {
	var out []FieldChange
	for _, f := range fs {
		if f.Field != "by" && f.Field != "late" {
			out = append(out, f)
		}
	}
	return out
}

func describeFields(fs []FieldChange) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %s → %s", f.Field, orNone(f.Old), orNone(f.New))
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func (d *differ) objectives() {
	norm := func(os []*docObjective) {
		for _, o := range os {
			o.ContributesTo = slices.Sorted(slices.Values(o.ContributesTo))
		}
	}
	norm(d.cur.Objectives)
	norm(d.want.Objectives)
	d.simple(KindObjective, "objectives", d.cur.Objectives, d.want.Objectives, func(v reflect.Value) string { return v.FieldByName("Key").String() })
	curKR, curObj := map[string]*docKR{}, map[string]string{}
	for _, o := range d.cur.Objectives {
		for _, kr := range o.KeyResults {
			curKR[kr.Key], curObj[kr.Key] = kr, o.Key
		}
	}
	wantKR := map[string]bool{}
	for i, o := range d.want.Objectives {
		op := index("objectives", i)
		for j, w := range o.KeyResults {
			wantKR[w.Key] = true
			path := index(field(op, "key_results"), j)
			c, ok := curKR[w.Key]
			switch {
			case !ok:
				fs := fieldChanges(&docKR{}, w, "")
				d.add(Change{Action: ActionCreate, Kind: KindKeyResult, Key: w.Key, Path: path, Fields: append([]FieldChange{{Field: "objective", New: o.Key}}, fs...)})
				c = &docKR{}
			default:
				fs := fieldChanges(c, w, "")
				if curObj[w.Key] != o.Key {
					fs = append([]FieldChange{{Field: "objective", Old: curObj[w.Key], New: o.Key}}, fs...)
				}
				if len(fs) > 0 {
					d.add(Change{Action: ActionUpdate, Kind: KindKeyResult, Key: w.Key, Path: path, Fields: fs})
				}
			}
			d.krItems(path, c, w)
		}
	}
	if d.prune {
		for _, o := range d.cur.Objectives {
			for _, kr := range o.KeyResults {
				if !wantKR[kr.Key] && !kr.Archived {
					d.add(Change{Action: ActionArchive, Kind: KindKeyResult, Key: kr.Key})
				}
			}
		}
	}
}

// krItems plans what hangs off a key result: initiatives by title, check-ins
// appended, the grade.
func (d *differ) krItems(path string, c, w *docKR) {
	ip := field(path, "initiatives")
	ck, wk := initiativeKeys(c.Initiatives), initiativeKeys(w.Initiatives)
	match(c.Initiatives, w.Initiatives, func(x *docInitiative) string {
		if k, ok := ck[x]; ok {
			return k
		}
		return wk[x]
	},
		func(i int, c, w *docInitiative) {
			if fs := fieldChanges(c, w, ""); len(fs) > 0 {
				d.add(Change{Action: ActionUpdate, Kind: KindInitiative, Key: krItem(path, d, wk[w]), Path: index(ip, i), Fields: fs})
			}
		},
		func(i int, w *docInitiative) {
			d.add(Change{Action: ActionCreate, Kind: KindInitiative, Key: krItem(path, d, wk[w]), Path: index(ip, i), Fields: fieldChanges(&docInitiative{}, w, "")})
		},
		func(c *docInitiative) {
			if d.prune && !c.Archived {
				d.add(Change{Action: ActionArchive, Kind: KindInitiative, Key: krItem(path, d, ck[c])})
			}
		})
	history(d, KindCheckIn, d.krKey(path), index(field(path, "check_ins"), 0), c.CheckIns, w.CheckIns)
	switch {
	case w.Grade == nil:
	case c.Grade == nil:
		d.add(Change{Action: ActionCreate, Kind: KindGrade, Key: d.krKey(path), Path: field(path, "grade"), Fields: gradeFields(&docGrade{}, w.Grade)})
	default:
		if fs := gradeFields(c.Grade, w.Grade); len(fs) > 0 {
			d.add(Change{Action: ActionUpdate, Kind: KindGrade, Key: d.krKey(path), Path: field(path, "grade"), Fields: fs})
		}
	}
}

// gradeFields compares what a grader sets: the score and the note (the
// suggestion, author and time are the organisation's record of grading).
func gradeFields(c, w *docGrade) []FieldChange {
	return fieldChanges(&docGrade{Score: c.Score, Note: c.Note}, &docGrade{Score: w.Score, Note: w.Note}, "")
}

// krKey returns the key of the key result at path in the wanted file.
func (d *differ) krKey(path string) string {
	var oi, ki int
	fmt.Sscanf(path, "objectives[%d].key_results[%d]", &oi, &ki)
	return d.want.Objectives[oi].KeyResults[ki].Key
}

// initiativeKeys names each initiative of a list by its title, the second
// and later of the same title with " #2", " #3" … in list order (an export
// lists them by due date, then id).
func initiativeKeys(ins []*docInitiative) map[*docInitiative]string {
	titles := make([]string, len(ins))
	for i, in := range ins {
		titles[i] = in.Title
	}
	out := map[*docInitiative]string{}
	for i, k := range ItemKeys(titles) {
		out[ins[i]] = k
	}
	return out
}

// ItemKeys names items by their titles: the first of a title by the
// title, later ones of the same title "title #2", "title #3" … It is how
// okr apply tells apart initiatives of one key result that share a title.
func ItemKeys(titles []string) []string {
	seen := map[string]int{}
	out := make([]string, len(titles))
	for i, t := range titles {
		seen[t]++
		out[i] = t
		if n := seen[t]; n > 1 {
			out[i] = fmt.Sprintf("%s #%d", t, n)
		}
	}
	return out
}

func krItem(path string, d *differ, title string) string { return d.krKey(path) + " / " + title }

// skipFields are the doc fields a Change does not compare: nested lists
// planned on their own, and state that follows from the history.
var skipFields = map[string]bool{
	"key_results": true, "values": true, "initiatives": true, "check_ins": true, "target_changes": true, "grade": true,
	// When an objective was first published is the organisation's record
	// (an import keeps the file's; apply leaves it).
	"published_at": true,
}

// fieldChanges compares two doc records field by field, as the file writes
// them, and returns the fields that differ. prefix goes before every field
// name.
func fieldChanges(c, w any, prefix string) []FieldChange {
	cv, wv := reflect.ValueOf(c).Elem(), reflect.ValueOf(w).Elem()
	var out []FieldChange
	for _, fi := range fieldsOf(cv.Type()) {
		if skipFields[fi.name] {
			continue
		}
		ct, wt := fieldText(cv.Field(fi.index)), fieldText(wv.Field(fi.index))
		if ct != wt {
			out = append(out, FieldChange{Field: prefix + fi.name, Old: ct, New: wt})
		}
	}
	return out
}

// fieldText is a field's value as the file would write it on one line, ""
// when it is not written.
func fieldText(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.CanAddr() {
		if ts, ok := v.Addr().Interface().(textScalar); ok {
			return ts.text()
		}
	} else if v.Kind() == reflect.Struct {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		if ts, ok := p.Interface().(textScalar); ok {
			return ts.text()
		}
	}
	switch v.Kind() {
	case reflect.String:
		return inlineText(v.String())
	case reflect.Bool:
		if !v.Bool() {
			return ""
		}
		return "true"
	case reflect.Int:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		if x := v.Float(); !math.IsNaN(x) && !math.IsInf(x, 0) {
			return formatFloat(x)
		}
		return fmt.Sprint(v.Float())
	case reflect.Slice:
		if v.Len() == 0 {
			return ""
		}
		parts := make([]string, v.Len())
		for i := range v.Len() {
			it := v.Index(i)
			if it.Kind() == reflect.Pointer && it.Elem().Kind() == reflect.Struct {
				parts[i] = itemText(it.Elem())
			} else {
				parts[i] = fieldText(it)
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		m, ok := v.Interface().(map[string]string)
		if !ok || len(m) == 0 {
			return ""
		}
		keys := sortedKeys(m)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = keyText(k) + ": " + inlineText(m[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v.Interface())
}

// itemText writes a list item (a milestone) on one line: its title, then
// its other fields that are set. A milestone's done flag is left out: it
// comes from the check-ins.
func itemText(v reflect.Value) string {
	var parts []string
	for _, fi := range fieldsOf(v.Type()) {
		if fi.name == "done" {
			continue
		}
		t := fieldText(v.Field(fi.index))
		switch {
		case t == "":
		case fi.name == "title":
			parts = append(parts, t)
		default:
			parts = append(parts, fi.name+": "+t)
		}
	}
	return strings.Join(parts, " ")
}

// inlineText quotes text when it would not read back plainly or spans
// lines.
func inlineText(s string) string {
	if s == "" || (plainOK(s) && !strings.Contains(s, "\n")) {
		return s
	}
	return strconv.Quote(s)
}

func sortedEmails(es []string) []string {
	out := slices.Clone(es)
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(emailKey(a), emailKey(b)) })
	return out
}
