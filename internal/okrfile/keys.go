package okrfile

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxKeyLen is the longest key, in characters.
const MaxKeyLen = 100

// ValidKey reports whether s can be a key of a unit, KPI, objective or key
// result: letters, digits, '-', '_' and '.', starting with a letter or digit.
// Keys never contain '@', so an owner reference is a person exactly when it
// is an e-mail address.
func ValidKey(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > MaxKeyLen {
		return false
	}
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !alnum && (i == 0 || (r != '-' && r != '_' && r != '.')) {
			return false
		}
	}
	return true
}

// fold spells letters common in Nordic and other European text in ASCII.
var fold = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u", 'ß': "ss",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'á': "a", 'à': "a", 'â': "a",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ç': "c", 'ñ': "n", 'ð': "d", 'þ': "th",
}

// maxSlugLen is the length at which generated keys are cut, at a word
// boundary when there is one.
const maxSlugLen = 40

// Slug derives a key from a title or name: lower case, Nordic letters folded
// to ASCII, every run of other characters turned into one '-', cut to about
// 40 characters at a word boundary. It returns fallback when nothing is left.
func Slug(s, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case fold[r] != "":
			b.WriteString(fold[r])
			dash = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	slug := strings.TrimRight(b.String(), "-")
	if utf8.RuneCountInString(slug) > maxSlugLen {
		slug = string([]rune(slug)[:maxSlugLen])
		if i := strings.LastIndexByte(slug, '-'); i >= maxSlugLen/2 {
			slug = slug[:i]
		}
		slug = strings.TrimRight(slug, "-")
	}
	if slug == "" {
		return fallback
	}
	return slug
}

// keyAlloc hands out keys that are unique among those already taken.
type keyAlloc map[string]bool

// next returns base if it is free, else base-2, base-3 …, and takes it.
func (a keyAlloc) next(base string) string {
	k := base
	for i := 2; a[k]; i++ {
		k = base + "-" + strconv.Itoa(i)
	}
	a[k] = true
	return k
}
