package i18n

import "sync"

// plainCache keeps the translations of messages without template data,
// which are the same every time: a page with 200 key results asks for
// "status.on_track" and "confidence.label" hundreds of times, and each
// lookup through go-i18n executes the message's template. The key is a
// struct, so a lookup allocates nothing.
type plainCache struct {
	mu sync.RWMutex
	m  map[plainKey]string
}

type plainKey struct{ lang, id string }

func (c *plainCache) get(lang, id string, translate func() string) string {
	k := plainKey{lang, id}
	c.mu.RLock()
	s, ok := c.m[k]
	c.mu.RUnlock()
	if ok {
		return s
	}
	s = translate()
	c.mu.Lock()
	if c.m == nil {
		c.m = map[plainKey]string{}
	}
	c.m[k] = s
	c.mu.Unlock()
	return s
}
