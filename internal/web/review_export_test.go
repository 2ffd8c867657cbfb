package web

import (
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The review as PDF is a real A4 document: poppler turns it into text that
// holds the period's objectives (with their æ, ø, å, ä, ö) and into a PNG
// of the first page that is not blank (kept in testartifacts to look at).
// As Markdown it escapes what would be markup in people's text.
func TestReviewAsPDFAndMarkdown(t *testing.T) {
	app := appTest(t)
	c := signInAs(t, app, saraEmail, saraPW)
	setLang(t, c, app, "sv")
	last, krs := lastQuarterObjective(t, app)
	pid := strconv.FormatInt(last.PeriodID, 10)

	res, body := get(t, c, app.url+"/review/"+pid+"/report.pdf")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("report.pdf: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "review.pdf")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil || !strings.Contains(string(info), "A4") {
		t.Errorf("pdfinfo: %v\n%s; want an A4 page", err, info)
	}
	text, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{last.Title, "Reflektion", "Nyckelresultat", krs[0].Title, krs[1].Title} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page-1.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	dark := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < 500 {
		t.Errorf("the first page looks blank: %d dark pixels", dark)
	}
	os.MkdirAll("testartifacts", 0o755)
	if b, err := os.ReadFile(filepath.Join(dir, "page-1.png")); err == nil {
		os.WriteFile(filepath.Join("testartifacts", "review-pdf-page-1.png"), b, 0o644)
	}

	res, md := get(t, c, app.url+"/review/"+pid+"/report.md")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/markdown") {
		t.Fatalf("report.md: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(md, "# ") || !strings.Contains(md, "## "+mdEscape(last.Title, false)) || !strings.Contains(md, "|---|---:|---|") {
		t.Errorf("the Markdown review lacks its heading, the objective or the table:\n%s", md)
	}
	if got := mdEscape("Top 3 | *all* <b>#1</b>\nnext", true); got != `Top 3 \| \*all\* \<b\>\#1\</b\> next` {
		t.Errorf("mdEscape = %q", got)
	}
}
