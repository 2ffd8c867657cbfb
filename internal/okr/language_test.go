package okr

import (
	"slices"
	"testing"
)

func TestLanguages(t *testing.T) {
	if got, want := Languages(), []string{"nb", "sv", "en"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %v, want %v", got, want)
	}
	if !IsLanguage(FallbackLanguage) {
		t.Errorf("IsLanguage(FallbackLanguage %q) = false, want true", FallbackLanguage)
	}
	for _, code := range []string{"", "nn", "no", "da", "EN", "en-GB"} {
		if IsLanguage(code) {
			t.Errorf("IsLanguage(%q) = true, want false", code)
		}
	}
}
