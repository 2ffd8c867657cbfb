package audit

import (
	"net/url"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// Comment is a comment as recorded: its text, what it is on and whom it
// mentions.
type Comment struct {
	V           int        `json:"v"`
	ID          int64      `json:"id"`
	ObjectiveID int64      `json:"objective_id"`
	KeyResultID *int64     `json:"key_result_id"`
	CheckInID   *int64     `json:"check_in_id"`
	AuthorID    int64      `json:"author_id"`
	Body        string     `json:"body"`
	Mentions    []int64    `json:"mentions"`
	CreatedAt   time.Time  `json:"created_at"`
	EditedAt    *time.Time `json:"edited_at"`
	Archived    bool       `json:"archived"`
	Version     int64      `json:"version"`
}

// RecordType returns "comment".
func (*Comment) RecordType() string { return "comment" }

// FromComment records c.
func FromComment(c *okr.Comment) *Comment {
	return &Comment{V: Version, ID: c.ID, ObjectiveID: c.ObjectiveID, KeyResultID: c.KeyResultID, CheckInID: c.CheckInID,
		AuthorID: c.AuthorID, Body: c.Body, Mentions: c.Mentions, CreatedAt: c.CreatedAt, EditedAt: c.EditedAt,
		Archived: c.Archived, Version: c.Version}
}

// Domain returns the recorded comment.
func (r *Comment) Domain() okr.Comment {
	return okr.Comment{ID: r.ID, ObjectiveID: r.ObjectiveID, KeyResultID: r.KeyResultID, CheckInID: r.CheckInID,
		AuthorID: r.AuthorID, Body: r.Body, Mentions: r.Mentions, CreatedAt: r.CreatedAt, EditedAt: r.EditedAt,
		Archived: r.Archived, Version: r.Version}
}

// Hook is an outbound hook as recorded. Neither its secret nor the path of
// its address is recorded: a Slack or Teams address is itself a secret.
type Hook struct {
	V        int      `json:"v"`
	ID       int64    `json:"id"`
	Kind     string   `json:"kind"`
	UnitID   *int64   `json:"unit_id"`
	URL      string   `json:"url"` // scheme and host only
	Events   []string `json:"events"`
	Archived bool     `json:"archived"`
	Version  int64    `json:"version"`
}

// RecordType returns "hook".
func (*Hook) RecordType() string { return "hook" }

// FromHook records h.
func FromHook(h *okr.Hook) *Hook {
	where := ""
	if u, err := url.Parse(h.URL); err == nil {
		where = u.Scheme + "://" + u.Host
	}
	return &Hook{V: Version, ID: h.ID, Kind: h.Kind, UnitID: h.UnitID, URL: where, Events: h.Events, Archived: h.Archived, Version: h.Version}
}

// Domain returns the recorded hook (its address without a path, no
// secret).
func (r *Hook) Domain() okr.Hook {
	return okr.Hook{ID: r.ID, Kind: r.Kind, UnitID: r.UnitID, URL: r.URL, Events: r.Events, Archived: r.Archived, Version: r.Version}
}
