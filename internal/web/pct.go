package web

import (
	"math"
	"sync"
)

// pct is p.L.Pct(v), the whole percentage every progress bar shows,
// remembered per language for the usual figures (0 to 1000 %): formatting
// with golang.org/x/text costs a microsecond or two and a list page has
// hundreds of bars. A figure within 0.49 of a whole percentage rounds to it
// whatever the rounding rule, so it shares that percentage's text; figures
// nearer a half are formatted each time.
func (p *Page) pct(v float64) string {
	r := v * 100
	n := math.Round(r)
	if !(n >= 0 && n <= pctCacheMax && math.Abs(r-n) < 0.49) || v < 0 {
		return p.L.Pct(v)
	}
	key := pctKey{p.L.Lang, int(n)}
	if s, ok := pctCache.Load(key); ok {
		return s.(string)
	}
	s := p.L.Pct(n / 100)
	pctCache.Store(key, s)
	return s
}

const pctCacheMax = 1000

type pctKey struct {
	lang string
	n    int
}

// pctCache holds pct's texts by pctKey.
var pctCache sync.Map
