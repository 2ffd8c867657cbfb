package web

import (
	"testing"
	"time"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in, lang string
		want     float64
		ok       bool
	}{
		{"12", "nb", 12, true},
		{"1,5", "nb", 1.5, true},
		{"1.5", "nb", 1.5, true},
		{"1 500,25", "sv", 1500.25, true},
		{"1\u00a0500", "nb", 1500, true},
		{"1,500", "en", 1500, true},
		{"1,5", "en", 1.5, true},
		{"1,234.5", "en", 1234.5, true},
		{"1.234,5", "nb", 1234.5, true},
		{"−3", "nb", -3, true},
		{"45 %", "nb", 45, true},
		{"", "en", 0, false},
		{"abc", "en", 0, false},
		{"1,2,3", "nb", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in, tt.lang)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseNumber(%q, %s) = %v, %v; want %v, %v", tt.in, tt.lang, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSafeNext(t *testing.T) {
	tests := map[string]string{
		"/overview?x=1":        "/overview?x=1",
		"":                     "/",
		"https://evil.example": "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"javascript:alert(1)":  "/",
	}
	for in, want := range tests {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecideThrottle(t *testing.T) {
	tests := []struct {
		email, ip int
		locked    bool
		delay     time.Duration
	}{
		{0, 0, false, 0},
		{2, 0, false, 0},
		{3, 0, false, time.Second},
		{5, 0, false, 3 * time.Second},
		{9, 0, false, throttleMaxDelay},
		{10, 0, true, 0},
		{0, 19, false, 0},
		{0, 25, false, throttleMaxDelay},
		{0, 100, true, 0},
	}
	for _, tt := range tests {
		got := decideThrottle(tt.email, tt.ip)
		if got.locked != tt.locked || got.delay != tt.delay {
			t.Errorf("decideThrottle(%d, %d) = %+v, want locked %v delay %v", tt.email, tt.ip, got, tt.locked, tt.delay)
		}
	}
}

func TestStartOfWeek(t *testing.T) {
	sun := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC) // a Sunday
	if got, want := startOfWeek(sun), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("startOfWeek(Sunday) = %v, want Monday %v", got, want)
	}
	mon := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	if got := startOfWeek(mon); !got.Equal(mon) {
		t.Errorf("startOfWeek(Monday 00:00) = %v, want itself", got)
	}
}
