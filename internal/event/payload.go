// Package event holds the versioned JSON of what happened in an
// organisation, as webhooks receive it (docs/webhooks.md): the body of
// every generic webhook delivery, and what Slack and Teams messages are
// written from. The format is versioned: fields are only ever added;
// a change of meaning bumps Version.
package event

import (
	"encoding/json"
	"fmt"
	"time"
)

// Version is the payload format's version, sent as "version" and in the
// X-OKR-Event-Version header.
const Version = 1

// Payload is one event.
type Payload struct {
	Version      int        `json:"version"`
	ID           string     `json:"id"`
	Type         string     `json:"type"`
	OccurredAt   time.Time  `json:"occurred_at"`
	Organisation Org        `json:"organisation"`
	Actor        *Person    `json:"actor"`
	Objective    Objective  `json:"objective"`
	KeyResult    *KeyResult `json:"key_result,omitempty"`
	CheckIn      *CheckIn   `json:"check_in,omitempty"`
	Comment      *Comment   `json:"comment,omitempty"`
	Change       *Change    `json:"change,omitempty"`
}

// Org names the organisation.
type Org struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Person is someone who acted or was mentioned.
type Person struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Owner is who owns an objective: a unit or a person.
type Owner struct {
	Kind string `json:"kind"` // "unit" or "person"
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Objective is the objective the event is about or under.
type Objective struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	State string `json:"state"`
	Owner *Owner `json:"owner"`
	URL   string `json:"url"`
}

// KeyResult is the key result the event is about or under.
type KeyResult struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// CheckIn is a check-in's figures.
type CheckIn struct {
	ID         int64   `json:"id"`
	Value      float64 `json:"value"`
	Confidence string  `json:"confidence"`
	Comment    string  `json:"comment"`
}

// Comment is a comment's text and the people it mentions.
type Comment struct {
	ID       int64    `json:"id"`
	Body     string   `json:"body"`
	Mentions []Person `json:"mentions"`
	URL      string   `json:"url"`
}

// Change is a change of an objective's state.
type Change struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Encode returns p's JSON.
func Encode(p *Payload) ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("event: encode: %w", err)
	}
	return b, nil
}

// Decode reads a payload of the current version.
func Decode(b []byte) (*Payload, error) {
	var p Payload
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("event: decode: %w", err)
	}
	if p.Version != Version {
		return nil, fmt.Errorf("event: payload of version %d, want %d", p.Version, Version)
	}
	return &p, nil
}
