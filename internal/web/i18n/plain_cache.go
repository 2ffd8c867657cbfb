package i18n

import "sync"

// plainCache keeps the translations of messages without template data,
// which are the same every time: a page with 200 key results asks for
// "status.on_track" and "confidence.label" hundreds of times, and each
// lookup through go-i18n executes the message's template.
type plainCache struct{ m sync.Map } // lang + "\x00" + id → string

func (c *plainCache) get(lang, id string, translate func() string) string {
	key := lang + "\x00" + id
	if s, ok := c.m.Load(key); ok {
		return s.(string)
	}
	s := translate()
	c.m.Store(key, s)
	return s
}
