package okrfile

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Øke merkevaren vår i målgruppen", "oke-merkevaren-var-i-malgruppen"},
		{"Öka försäljningen av tillbehör", "oka-forsaljningen-av-tillbehor"},
		{"Bærekraft & vekst – 2025!", "baerekraft-vekst-2025"},
		{"  --Salg--  ", "salg"},
		{"Produsere og ferdigstille en velfungerende nettbutikk med et vinnende konsept", "produsere-og-ferdigstille-en"},
		{"Ενότητα", "ενότητα"},
		{"!!!", "fallback"},
		{"", "fallback"},
		{strings.Repeat("a", 60), strings.Repeat("a", 40)},
	}
	for _, tt := range tests {
		if got := Slug(tt.in, "fallback"); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Slug(tt.in, "fallback"); !ValidKey(got) {
			t.Errorf("Slug(%q) = %q, which is not a valid key", tt.in, got)
		}
	}
}

func TestValidKey(t *testing.T) {
	for _, k := range []string{"a", "salg", "q1-2025", "v1.2", "marked_2", "økt-salg", "9lives"} {
		if !ValidKey(k) {
			t.Errorf("ValidKey(%q) = false, want true", k)
		}
	}
	for _, k := range []string{"", "-a", ".a", "a b", "kari@acme.no", "a/b", "a:b", strings.Repeat("k", MaxKeyLen+1)} {
		if ValidKey(k) {
			t.Errorf("ValidKey(%q) = true, want false", k)
		}
	}
}

// Generated keys avoid the keys the file gives explicitly and each other.
func TestGeneratedKeysAreUnique(t *testing.T) {
	src := base + `objectives:
  - {title: Selge mer, owner: acme}
  - {key: selge-mer, title: Noe annet, owner: acme}
  - {title: Selge mer, owner: acme}
`
	f := mustDecode(t, []byte(src), "keys.yaml")
	var got []string
	for _, o := range f.Objectives {
		got = append(got, o.Key)
	}
	if strings.Join(got, ",") != "selge-mer-2,selge-mer,selge-mer-3" {
		t.Errorf("keys = %v, want [selge-mer-2 selge-mer selge-mer-3]", got)
	}
}
