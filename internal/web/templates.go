package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"path"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/web/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates are parsed once at start. Files whose name starts with "_"
// (the layout, shared partials) are parsed into every page; every other file
// is one page and defines at least "content". A page may also define
// fragments that htmx requests render on their own.
type templates struct {
	pages map[string]*template.Template // by file name without ".html"
}

func parseTemplates(a *assets) (*templates, error) {
	funcs := templateFuncs(a)
	all, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared, pages []string
	for _, f := range all {
		if strings.HasPrefix(path.Base(f), "_") {
			shared = append(shared, f)
		} else {
			pages = append(pages, f)
		}
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, shared...)
	if err != nil {
		return nil, fmt.Errorf("web: shared templates: %w", err)
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, f := range pages {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		pt, err := clone.ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", f, err)
		}
		if pt.Lookup("content") == nil {
			return nil, fmt.Errorf("web: template %s defines no \"content\"", f)
		}
		t.pages[strings.TrimSuffix(path.Base(f), ".html")] = pt
	}
	return t, nil
}

// templateFuncs are the helpers every template may call. Language-dependent
// helpers are methods of the page's Localizer ($.L.T, $.L.Pct, $.L.Date …).
func templateFuncs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset":   a.URL,
		"isodate": i18n.ISODate,
		"isotime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		// barw turns a fraction into a bar width in percent, 0..100.
		"barw": func(f float64) string {
			if math.IsNaN(f) {
				f = 0
			}
			return fmt.Sprintf("%.1f", math.Max(0, math.Min(1, f))*100)
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"key": func(parts ...any) string {
			s := make([]string, len(parts))
			for i, p := range parts {
				s[i] = fmt.Sprint(p)
			}
			return strings.Join(s, ".")
		},
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"add":  func(a, b int) int { return a + b },
		"not0": func(p *float64) bool { return p != nil },
		"isPublished": func(o *okr.Objective) bool {
			return o != nil && o.State == okr.StatePublished
		},
		"langs": func() []string { return i18n.Languages },
		"confidences": func() []string {
			return []string{string(okr.OnTrack), string(okr.AtRisk), string(okr.OffTrack)}
		},
		"langName": i18n.Name,
		"numeric":  Numeric,
	}
}
