package web

import (
	"net/http"
	"slices"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// profileData is the signed-in person's notification choices
// (okr.NotifyPrefs) and language: the page every rhythm e-mail links to.
type profileData struct {
	Version        int64
	PauseReminders bool
	Channels       []Choice
	Languages      []Choice
	Kinds          []kindChoice
	Errs           FieldErrors
}

// kindChoice is one kind of notification, ticked when the person gets it.
type kindChoice struct {
	ID, Label, Hint string
	On              bool
}

func (s *Server) profileData(p *Page, person okr.Person) *profileData {
	d := &profileData{Version: person.Version, PauseReminders: person.Notify.PauseReminders, Errs: FieldErrors{}}
	for _, c := range okr.Channels() {
		d.Channels = append(d.Channels, Choice{Value: c, Label: p.L.T("profile.channel_" + c), Selected: person.Notify.ChannelOrDefault() == c})
	}
	d.Languages = []Choice{{Value: "", Label: p.L.T("profile.language_browser"), Selected: person.Language == ""}}
	for _, l := range i18n.Languages {
		d.Languages = append(d.Languages, Choice{Value: l, Label: i18n.Name(l), Selected: person.Language == l})
	}
	for _, k := range okr.NotifyKinds() {
		d.Kinds = append(d.Kinds, kindChoice{ID: k, Label: p.L.T("profile.kind_" + k), Hint: p.L.T("profile.kind_" + k + "_hint"),
			On: !slices.Contains(person.Notify.Off, k)})
	}
	return d
}

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "profile", "profile.title", nil)
	person, err := s.DB.GetPerson(r.Context(), v.Org.ID, v.Person.ID)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, p, ProfilePage(p, s.profileData(p, person)))
}

// saveProfile stores the person's notification choices and language.
func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) error {
	v := mustViewer(r)
	p := s.newPage(r, "profile", "profile.title", nil)
	f, err := s.parseForm(r, p)
	if err != nil {
		return err
	}
	prefs := okr.NotifyPrefs{PauseReminders: f.str("pause_reminders") == "1", Channel: f.str("channel")}
	if prefs.Channel == okr.ChannelEmail {
		prefs.Channel = ""
	}
	for _, k := range okr.NotifyKinds() {
		if f.str("kind."+k) != "1" {
			prefs.Off = append(prefs.Off, k)
		}
	}
	ctx := r.Context()
	person, err := s.DB.SetNotifyPrefs(ctx, v.Actor(), v.Person.ID, prefs, f.version())
	if err != nil {
		return err
	}
	if lang := f.str("language"); lang != person.Language && (lang == "" || i18n.Supported(lang) == lang) {
		person.Language = lang
		if _, err := s.DB.UpdatePerson(ctx, v.Actor(), person); err != nil {
			return err
		}
		if lang != "" {
			s.sessions.Put(ctx, sessLang, lang)
		}
	}
	s.setNotice(r, "profile.saved")
	return redirect(w, r, "/profile")
}
