package okr

// languages is the one list of languages okr speaks: the pages, the
// coach's messages, `okr lint`, and the languages an organisation or a
// person may choose. Adding one means adding it here and giving the UI and
// the coach their texts in it.
var languages = [...]string{"nb", "sv", "en"}

// FallbackLanguage is the language pages and messages fall back to when
// the reader's language is none of Languages.
const FallbackLanguage = "en"

// Languages returns the language codes okr speaks, in the order settings
// and messages list them. The slice is the caller's to keep.
func Languages() []string {
	return append([]string(nil), languages[:]...)
}

// IsLanguage reports whether code is one of Languages.
func IsLanguage(code string) bool {
	for _, l := range languages {
		if code == l {
			return true
		}
	}
	return false
}
