package i18n

import "sync"

// plainCache keeps the translations of messages without template data,
// which are the same every time: a page with 200 key results asks for
// "status.on_track" and "confidence.label" hundreds of times, and each
// lookup through go-i18n executes the message's template. The key is a
// struct, so a lookup allocates nothing.
//
// It also keeps plural messages whose only data is the count (N without
// other data), for counts below maxPlainCount: the alignment map asks for
// "alignment.map_children" once per node, 600 times a screen. The domain
// is the compiled-in messages times the languages times the counts, so the
// cache is bounded without eviction.
type plainCache struct {
	mu sync.RWMutex
	m  map[plainKey]string
}

// plainKey is a message in a language; count is -1 for T, the count for N.
type plainKey struct {
	lang, id string
	count    int
}

// maxPlainCount bounds the counts cached for N.
const maxPlainCount = 1000

func (c *plainCache) get(lang, id string, translate func() string) string {
	return c.getCount(lang, id, -1, translate)
}

func (c *plainCache) getCount(lang, id string, count int, translate func() string) string {
	k := plainKey{lang, id, count}
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
