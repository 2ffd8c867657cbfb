package okr

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxCommentBodyLen is the longest comment, in characters.
const MaxCommentBodyLen = 5000

// Comment is a remark on an objective, one of its key results or one of
// their check-ins. Everyone in the organisation reads and may comment;
// only the author or an admin edits or deletes (MayEditComment). Deleting
// archives: the row stays, the text is no longer shown.
type Comment struct {
	ID          int64
	OrgID       int64
	ObjectiveID int64
	KeyResultID *int64     // set for a comment on a key result or a check-in
	CheckInID   *int64     // set for a comment on a check-in
	CheckInAt   *time.Time // when that check-in was made (read only)
	AuthorID    int64
	Body        string
	Mentions    []int64 // the people its @[…] mentions name, in order
	CreatedAt   time.Time
	EditedAt    *time.Time
	Archived    bool
	Version     int64
}

// Validate checks a comment's text: required, at most MaxCommentBodyLen.
func (c *Comment) Validate() error {
	var v validator
	v.text("body", c.Body, true, MaxCommentBodyLen)
	return v.errs.Err()
}

// MayEditComment reports whether a may edit or delete comment c: its
// author or an admin.
func (a Actor) MayEditComment(c *Comment) bool {
	return a.Role == RoleAdmin || (a.PersonID != 0 && a.PersonID == c.AuthorID)
}

// Mention syntax. A mention is "@[" + a person's name or e-mail + "]": the
// brackets let names hold spaces and non-ASCII letters, and the e-mail
// tells two people of the same name apart. The comment form's
// autocompletion writes the name, or the e-mail when the name is shared.
const (
	mentionOpen  = "@["
	mentionClose = "]"
	// maxMentionLen bounds what a mention may hold, in characters.
	maxMentionLen = 200
)

// Segment is a piece of a comment's text: plain text, or a mention (the
// name or e-mail between the brackets).
type Segment struct {
	Text    string
	Mention bool
}

// CommentSegments splits body into text and mentions, in order.
func CommentSegments(body string) []Segment {
	var out []Segment
	for body != "" {
		i := strings.Index(body, mentionOpen)
		if i < 0 {
			break
		}
		rest := body[i+len(mentionOpen):]
		j := strings.Index(rest, mentionClose)
		name := ""
		if j >= 0 {
			name = strings.TrimSpace(rest[:j])
		}
		if j < 0 || name == "" || strings.Contains(rest[:j], "\n") || utf8.RuneCountInString(name) > maxMentionLen {
			// Not a mention: keep "@[" as text and go on after it.
			out = appendText(out, body[:i+len(mentionOpen)])
			body = rest
			continue
		}
		out = appendText(out, body[:i])
		out = append(out, Segment{Text: name, Mention: true})
		body = rest[j+len(mentionClose):]
	}
	return appendText(out, body)
}

func appendText(out []Segment, s string) []Segment {
	if s == "" {
		return out
	}
	if n := len(out); n > 0 && !out[n-1].Mention {
		out[n-1].Text += s
		return out
	}
	return append(out, Segment{Text: s})
}

// MentionNames returns the distinct names (or e-mails) body mentions, in
// order of first appearance.
func MentionNames(body string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range CommentSegments(body) {
		k := strings.ToLower(s.Text)
		if s.Mention && !seen[k] {
			seen[k] = true
			out = append(out, s.Text)
		}
	}
	return out
}

// Mentionable is a person a mention may name.
type Mentionable struct {
	ID    int64
	Name  string
	Email string
}

// Key of the errors of ResolveMentions. Args: Name.
const (
	KeyMentionUnknown   = "err.mention_unknown"
	KeyMentionAmbiguous = "err.mention_ambiguous"
)

// ResolveMention finds the one person a mention names: by e-mail, else by
// name, both without regard to case. ok is false when nobody or more than
// one person fits; ambiguous tells which.
func ResolveMention(name string, people []Mentionable) (id int64, ambiguous, ok bool) {
	for _, p := range people {
		if strings.EqualFold(p.Email, name) {
			return p.ID, false, true
		}
	}
	n := 0
	for _, p := range people {
		if strings.EqualFold(strings.TrimSpace(p.Name), name) {
			id, n = p.ID, n+1
		}
	}
	return id, n > 1, n == 1
}

// ResolveMentions returns the people body mentions, each once, in order.
// A mention that names nobody, or a name two people share, is an error of
// field "body" that names the mention.
func ResolveMentions(body string, people []Mentionable) ([]int64, error) {
	var v validator
	var ids []int64
	seen := map[int64]bool{}
	for _, name := range MentionNames(body) {
		id, ambiguous, ok := ResolveMention(name, people)
		switch {
		case ambiguous:
			v.add("body", KeyMentionAmbiguous, "more than one person is called "+name+": mention them by e-mail, @[name@example.com]", map[string]any{"Name": name})
		case !ok:
			v.add("body", KeyMentionUnknown, "nobody in the organisation is called "+name, map[string]any{"Name": name})
		case !seen[id]:
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, v.errs.Err()
}
