// Package i18n translates the web application into Norwegian bokmål,
// Swedish and English and formats numbers, percentages and dates the way
// each language writes them.
//
// Messages live in embedded TOML files, one folder per language and one file
// per area of the application (locales/{en,nb,sv}/{area}.toml), so that areas
// can be added without editing other areas' files. Nested TOML tables give
// dotted message ids: [nav] home = "…" is the message "nav.home".
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/okr-dev/okr/internal/okr"
)

//go:embed locales
var localeFS embed.FS

// Languages are okr.Languages with okr.FallbackLanguage first: the
// fallback leads the matcher's list and the language menus.
var Languages = fallbackFirst(okr.Languages())

var tags = languageTags(Languages)

// fallbackFirst moves okr.FallbackLanguage to the front of langs.
func fallbackFirst(langs []string) []string {
	out := []string{okr.FallbackLanguage}
	for _, l := range langs {
		if l != okr.FallbackLanguage {
			out = append(out, l)
		}
	}
	return out
}

// languageTags returns the BCP 47 tags of langs.
func languageTags(langs []string) []language.Tag {
	tags := make([]language.Tag, len(langs))
	for i, l := range langs {
		tags[i] = language.MustParse(l)
	}
	return tags
}

// Bundle holds every message in every language. It is safe for concurrent
// use and is built once at start.
type Bundle struct {
	b       *goi18n.Bundle
	matcher language.Matcher
	// ids maps language to the set of message ids defined for it.
	ids map[string]map[string]bool
	// plain caches translations without data (plain_cache.go).
	plain plainCache
	// simple holds the messages that only insert values (simple.go), by
	// language and id.
	simple map[plainKey]*simpleMsg
	// once keeps pieces written from the texts alone (Localizer.Once).
	once sync.Map // onceKey → string
}

type onceKey struct{ lang, kind, arg string }

// Once returns what write returns for kind and arg in l's language,
// calling write only the first time: for small pieces of markup that
// follow from the language's texts and a word or two, such as a key
// result's confidence tag, which a team page shows for every key result.
// The pieces live as long as the bundle, so kind and arg must come from a
// small set (an enumeration, not user input).
func (l *Localizer) Once(kind, arg string, write func() string) string {
	k := onceKey{l.Lang, kind, arg}
	if v, ok := l.b.once.Load(k); ok {
		return v.(string)
	}
	v := write()
	l.b.once.Store(k, v)
	return v
}

// New loads the embedded message files. It fails when a file does not parse
// or sits in a folder that is not a supported language.
func New() (*Bundle, error) {
	return load(localeFS, "locales")
}

func load(fsys fs.FS, root string) (*Bundle, error) {
	b := &Bundle{
		b:       goi18n.NewBundle(language.English),
		matcher: language.NewMatcher(tags),
		ids:     map[string]map[string]bool{},
		simple:  map[plainKey]*simpleMsg{},
	}
	for i, lang := range Languages {
		b.ids[lang] = map[string]bool{}
		files, err := fs.Glob(fsys, path.Join(root, lang, "*.toml"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			buf, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			msgs, err := goi18n.ParseMessageBytes(buf, toml.Unmarshal)
			if err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", f, err)
			}
			for _, m := range msgs {
				if b.ids[lang][m.ID] {
					return nil, fmt.Errorf("i18n: %s: message %q defined twice", f, m.ID)
				}
				b.ids[lang][m.ID] = true
				if sm := parseSimple(m); sm != nil {
					b.simple[plainKey{lang, m.ID, -1}] = sm
				}
			}
			if err := b.b.AddMessages(tags[i], msgs...); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", f, err)
			}
		}
	}
	return b, nil
}

// IDs returns the sorted message ids defined for lang.
func (b *Bundle) IDs(lang string) []string {
	ids := make([]string, 0, len(b.ids[lang]))
	for id := range b.ids[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Has reports whether the message id is defined in lang.
func (b *Bundle) Has(lang, id string) bool { return b.ids[lang][id] }

// Supported returns lang if it is a supported language code, else "".
func Supported(lang string) string {
	if okr.IsLanguage(lang) {
		return lang
	}
	return ""
}

// Negotiate picks the page language: the user's own setting when it is
// supported, else the best match of the Accept-Language header ("no", "nb"
// and "nn" give bokmål, "sv" Swedish, any other language English); without
// a usable header, fallback (the organisation's language) when supported,
// else English.
func (b *Bundle) Negotiate(setting, acceptLanguage, fallback string) string {
	if l := Supported(setting); l != "" {
		return l
	}
	if acceptLanguage != "" {
		prefs, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil && len(prefs) > 0 {
			_, i, conf := b.matcher.Match(prefs...)
			if conf != language.No {
				return Languages[i]
			}
			return okr.FallbackLanguage // the browser asks for a language we do not have
		}
	}
	if l := Supported(fallback); l != "" {
		return l
	}
	return okr.FallbackLanguage
}

// Localizer translates and formats for one language.
type Localizer struct {
	Lang string
	l    *goi18n.Localizer
	b    *Bundle
	f    formatter
}

// Localizer returns the localizer of lang; unsupported languages get English.
func (b *Bundle) Localizer(lang string) *Localizer {
	if Supported(lang) == "" {
		lang = "en"
	}
	return &Localizer{Lang: lang, l: goi18n.NewLocalizer(b.b, lang, "en"), b: b, f: newFormatter(lang)}
}

// T translates the message id. kv are pairs of template names and values
// ("Name", "Ada"), available in the message as {{.Name}}. A message missing
// in the language falls back to English; a message missing everywhere
// returns the id in brackets so that the gap is visible (tests make sure
// that never happens).
func (l *Localizer) T(id string, kv ...any) string {
	if len(kv) == 0 {
		return l.b.plain.get(l.Lang, id, func() string { return l.localize(id, nil, nil) })
	}
	if sm := l.b.simple[plainKey{l.Lang, id, -1}]; sm != nil {
		if s, ok := sm.fill(kv); ok {
			return s
		}
	}
	return l.localize(id, nil, kv)
}

// N translates the message id in the plural form for count; the message can
// use {{.Count}}.
func (l *Localizer) N(id string, count int, kv ...any) string {
	if len(kv) == 0 && count >= 0 && count < maxPlainCount {
		return l.b.plain.getCount(l.Lang, id, count, func() string { return l.localize(id, count, []any{"Count", count}) })
	}
	return l.localize(id, count, append(kv, "Count", count))
}

func (l *Localizer) localize(id string, count any, kv []any) string {
	var data map[string]any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			data[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	s, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return "[" + id + "]"
	}
	return s
}

// Has reports whether id is a message of this localizer's language.
func (l *Localizer) Has(id string) bool { return l.b.Has(l.Lang, id) }

// Name returns the language's own name, for the language switcher.
func Name(lang string) string {
	switch lang {
	case "nb":
		return "Norsk bokmål"
	case "sv":
		return "Svenska"
	}
	return "English"
}
