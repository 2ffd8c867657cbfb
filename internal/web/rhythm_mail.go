package web

import (
	"context"
	"strings"
)

// rhythmMail is one e-mail of the rhythm, before rendering.
type rhythmMail struct {
	Lang, Subject, Greeting string
	Lines                   []string
	Sections                []mailSection
	Button, Link            string
	Footer                  string
	// SettingsLink opens the person's notification choices.
	SettingsLabel, SettingsLink string
}

// mailSection is a heading over a list of items.
type mailSection struct {
	Heading string
	Items   []mailItem
}

// mailItem is one line of a section: a title (linked when Link is set)
// and a detail below it.
type mailItem struct {
	Title, Detail, Link string
}

// render writes the message as plain text and HTML (RhythmMailHTML).
func (m rhythmMail) render() (mailMessage, error) {
	var t strings.Builder
	t.WriteString(m.Greeting + "\n\n")
	for _, l := range m.Lines {
		t.WriteString(l + "\n\n")
	}
	for _, sec := range m.Sections {
		t.WriteString(sec.Heading + "\n")
		for _, it := range sec.Items {
			t.WriteString("- " + it.Title + "\n")
			if it.Detail != "" {
				t.WriteString("  " + it.Detail + "\n")
			}
			if it.Link != "" {
				t.WriteString("  " + it.Link + "\n")
			}
		}
		t.WriteString("\n")
	}
	if m.Button != "" {
		t.WriteString(m.Button + ":\n" + m.Link + "\n\n")
	}
	t.WriteString("-- \n" + m.Footer + "\n" + m.SettingsLabel + ": " + m.SettingsLink + "\n")
	var h strings.Builder
	if err := RhythmMailHTML(m).Render(context.Background(), &h); err != nil {
		return mailMessage{}, err
	}
	return mailMessage{Subject: m.Subject, Text: t.String(), HTML: h.String()}, nil
}
