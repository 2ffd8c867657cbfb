package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/view"
)

// discussion is the comments of an objective page: on the objective, its
// key results and their check-ins, oldest first, and the form to add one.
type discussion struct {
	ObjectiveID int64
	Items       []commentView
	// Targets are the choices of what a new comment is on; On is the
	// chosen one ("" the objective, "kr:ID", "checkin:ID").
	Targets []Choice
	On      string
	Body    string
	Errs    FieldErrors
}

// commentView is one comment as shown.
type commentView struct {
	C        okr.Comment
	Author   string
	On       string // what it is on, when not the objective itself
	Segments []commentSegment
	CanEdit  bool
	// Errs and Body are an edit of this comment shown again with errors.
	Errs FieldErrors
	Body string
}

// commentSegment is text, or a mention linked to the person it names.
type commentSegment struct {
	Text    string
	Mention bool
	Person  templ.SafeURL // "" when the mention names nobody now
}

// commentAnchor is the id of a comment's element.
func commentAnchor(id int64) string { return "comment-" + idStr(id) }

// loadDiscussion builds the discussion of objective o for the viewer;
// on is the target asked for in the query (?on=kr:7 or ?on=checkin:9).
func (s *Server) loadDiscussion(ctx context.Context, p *Page, dir *view.Directory, o *view.ObjView, on string) (*discussion, error) {
	v := p.Viewer
	cs, err := s.DB.ListComments(ctx, v.Org.ID, o.O.ID)
	if err != nil {
		return nil, err
	}
	d := &discussion{ObjectiveID: o.O.ID, On: on, Errs: FieldErrors{}}
	krTitle := map[int64]string{}
	for _, k := range o.KRs {
		krTitle[k.KR.ID] = k.KR.Title
	}
	people := dir.Mentionable
	a := okr.Actor{PersonID: v.Person.ID, Role: v.Person.Role}
	for _, c := range cs {
		cv := commentView{C: c, Author: "–", CanEdit: a.MayEditComment(&c), Segments: p.segments(c.Body, people)}
		if person := dir.People[c.AuthorID]; person != nil {
			cv.Author = person.Name
		}
		switch {
		case c.CheckInID != nil && c.KeyResultID != nil && c.CheckInAt != nil:
			cv.On = p.L.T("discuss.on_checkin", "Title", krTitle[*c.KeyResultID], "Date", p.L.Date(*c.CheckInAt))
		case c.KeyResultID != nil:
			cv.On = p.L.T("discuss.on_kr", "Title", krTitle[*c.KeyResultID])
		}
		d.Items = append(d.Items, cv)
	}
	d.Targets = append(d.Targets, Choice{Value: "", Label: p.L.T("discuss.target_objective")})
	for _, k := range o.KRs {
		d.Targets = append(d.Targets, Choice{Value: "kr:" + idStr(k.KR.ID), Label: p.L.T("discuss.target_kr", "Title", k.KR.Title)})
	}
	if err := s.addCheckInTarget(ctx, p, d, krTitle); err != nil {
		return nil, err
	}
	for i := range d.Targets {
		d.Targets[i].Selected = d.Targets[i].Value == d.On
	}
	return d, nil
}

// addCheckInTarget adds the check-in the query asks to comment on to the
// choices, when it is a check-in of one of the objective's key results.
func (s *Server) addCheckInTarget(ctx context.Context, p *Page, d *discussion, krTitle map[int64]string) error {
	id, ok := strings.CutPrefix(d.On, "checkin:")
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		d.On = ""
		return nil
	}
	c, err := s.DB.GetCheckIn(ctx, p.Viewer.Org.ID, n)
	if okr.ErrorCode(err) == okr.ENOTFOUND || (err == nil && krTitle[c.KeyResultID] == "") {
		d.On = ""
		return nil
	} else if err != nil {
		return err
	}
	d.Targets = append(d.Targets, Choice{Value: d.On, Label: p.L.T("discuss.target_checkin", "Title", krTitle[c.KeyResultID], "Date", p.L.Date(c.At))})
	return nil
}

// segments splits a comment's text into text and mentions, each mention
// linked to the person it names today.
func (p *Page) segments(body string, people []okr.Mentionable) []commentSegment {
	var out []commentSegment
	for _, s := range okr.CommentSegments(body) {
		cs := commentSegment{Text: s.Text, Mention: s.Mention}
		if s.Mention {
			if id, _, ok := okr.ResolveMention(s.Text, people); ok {
				cs.Person = templ.SafeURL("/people/" + idStr(id))
			}
		}
		out = append(out, cs)
	}
	return out
}

// commentTarget reads what a new comment is on from the form's "on".
func commentTarget(objectiveID int64, on string) (store.CommentTarget, bool) {
	t := store.CommentTarget{ObjectiveID: objectiveID}
	if on == "" {
		return t, true
	}
	kind, id, _ := strings.Cut(on, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return t, false
	}
	switch kind {
	case "kr":
		t.KeyResultID = n
	case "checkin":
		t.CheckInID = n
	default:
		return t, false
	}
	return t, true
}

// addComment adds the viewer's comment to an objective, a key result or
// a check-in. Errors show the objective page again with the text kept.
func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	body, on := r.PostForm.Get("body"), r.PostForm.Get("on")
	target, ok := commentTarget(id, on)
	if !ok {
		return okr.Errorf(okr.EBADREQUEST, "unknown comment target")
	}
	c, err := s.DB.AddComment(r.Context(), v.Actor(), target, body)
	if err == nil {
		http.Redirect(w, r, "/objectives/"+idStr(id)+"#"+commentAnchor(c.ID), http.StatusSeeOther)
		return nil
	}
	if okr.ErrorCode(err) != okr.EINVALID {
		return err
	}
	return s.objectiveWithCommentErrors(w, r, on, body, err, 0)
}

// objectiveWithCommentErrors shows the objective page again with a
// comment form's errors: the new comment's form, or the edit of comment
// editing.
func (s *Server) objectiveWithCommentErrors(w http.ResponseWriter, r *http.Request, on, body string, cause error, editing int64) error {
	p, err := s.objectivePageData(r)
	if err != nil {
		return err
	}
	d := p.Data.(*objectiveData)
	f := &form{r: r, page: p, errs: FieldErrors{}}
	f.addError(cause, nil)
	p.Error = p.L.T("discuss.problem")
	if editing == 0 {
		d.Discussion.On, d.Discussion.Body, d.Discussion.Errs = on, body, f.errs
		for i := range d.Discussion.Targets {
			d.Discussion.Targets[i].Selected = d.Discussion.Targets[i].Value == on
		}
	}
	for i := range d.Discussion.Items {
		if d.Discussion.Items[i].C.ID == editing {
			d.Discussion.Items[i].Errs, d.Discussion.Items[i].Body = f.errs, body
		}
	}
	return s.page(w, r, formStatus, p, ObjectivePage(p, d))
}

// editComment replaces the text of the viewer's comment (or, for an
// admin, anyone's).
func (s *Server) editComment(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	c, err := s.commentOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	body := r.PostForm.Get("body")
	_, err = s.DB.EditComment(r.Context(), v.Actor(), c.ID, body, version)
	if okr.ErrorCode(err) == okr.EINVALID {
		r.SetPathValue("id", idStr(c.ObjectiveID))
		return s.objectiveWithCommentErrors(w, r, "", body, err, c.ID)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, "/objectives/"+idStr(c.ObjectiveID)+"#"+commentAnchor(c.ID), http.StatusSeeOther)
	return nil
}

// archiveComment deletes a comment from view (it is archived, never
// erased).
func (s *Server) archiveComment(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	c, err := s.commentOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return okr.Errorf(okr.EBADREQUEST, "unreadable form")
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err := s.DB.ArchiveComment(r.Context(), v.Actor(), c.ID, version); err != nil {
		return err
	}
	s.setNotice(r, "discuss.deleted")
	http.Redirect(w, r, "/objectives/"+idStr(c.ObjectiveID)+"#discussion-h", http.StatusSeeOther)
	return nil
}

// commentOf returns the comment of the request's path, checking that the
// viewer may change it (EFORBIDDEN otherwise; ENOTFOUND for another
// organisation's).
func (s *Server) commentOf(r *http.Request) (okr.Comment, error) {
	v := mustViewer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return okr.Comment{}, notFound()
	}
	c, err := s.DB.GetComment(r.Context(), v.Org.ID, id)
	if err != nil {
		return c, err
	}
	if !(okr.Actor{PersonID: v.Person.ID, Role: v.Person.Role}).MayEditComment(&c) {
		return c, okr.Errorf(okr.EFORBIDDEN, "only the author or an admin may change a comment")
	}
	return c, nil
}

// mentionSuggestions answers the comment form's autocompletion: the
// people whose name or e-mail holds q, as a list of options.
func (s *Server) mentionSuggestions(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	people, err := s.DB.Mentionable(r.Context(), v.Org.ID, q, 8)
	if err != nil {
		return err
	}
	all, err := s.loadDirectory(r.Context(), v.Org.ID)
	if err != nil {
		return err
	}
	named := map[string]int{}
	for _, p := range all.People {
		named[strings.ToLower(strings.TrimSpace(p.Name))]++
	}
	out := make([]mentionOption, len(people))
	for i, m := range people {
		out[i] = mentionOption{Name: m.Name, Email: m.Email, Insert: m.Name}
		if named[strings.ToLower(strings.TrimSpace(m.Name))] > 1 {
			out[i].Insert = m.Email // a shared name is mentioned by e-mail
		}
	}
	p := s.newPage(r, "", "", nil)
	return s.fragment(w, r, http.StatusOK, p, MentionOptions(p, out))
}

// mentionOption is a suggestion of the mention autocompletion: who, and
// what goes between the brackets.
type mentionOption struct {
	Name, Email, Insert string
}

// editBody is the text an edit form of c shows: what was posted when it
// failed, else the comment's text.
func editBody(c commentView) string {
	if c.Errs.Any() {
		return c.Body
	}
	return c.C.Body
}

// osloTime is the zone comment and notification times are shown in until
// the organisation has a time zone setting of its own (issue 13, point 8).
var osloTime = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return l
	}
	return time.UTC
}()

// loc is the time zone the page shows times of day in.
func (p *Page) loc() *time.Location { return osloTime }
