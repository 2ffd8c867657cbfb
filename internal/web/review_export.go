package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// The period review to take away: as Markdown (for a wiki or a repository)
// and as PDF (to print or mail), with the same content as the shareable
// review page.

// loadReport reads the review of the period named by the path, ordered from
// the company down, as the report page shows it.
func (s *Server) loadReport(ctx context.Context, r *http.Request) (*Page, *review, error) {
	v := mustViewer(r)
	pid, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil {
		return nil, nil, notFound()
	}
	period, err := s.DB.GetPeriod(ctx, v.Org.ID, pid)
	if err != nil {
		return nil, nil, err
	}
	p := s.newPage(r, "review", "", nil)
	p.Title = p.L.T("review.report_title", "Period", period.Name)
	rv, err := s.loadReview(ctx, p, period)
	if err != nil {
		return nil, nil, err
	}
	sort.SliceStable(rv.Objs, func(i, j int) bool { return levelRank(rv.Objs[i].Owner.Level) < levelRank(rv.Objs[j].Owner.Level) })
	return p, rv, nil
}

// mdEscape makes user text literal in Markdown: characters that would
// start markup are escaped, and line breaks inside a table cell become
// spaces.
func mdEscape(s string, inTable bool) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			if inTable {
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// krScoreText is a key result's score at the review, marked when it is the
// suggested one.
func krScoreText(p *Page, k *reviewKR) string {
	if k.Grade != nil {
		return p.L.Pct(k.Grade.Score)
	}
	return p.L.Pct(k.Suggested) + " (" + p.L.T("review.suggested_short") + ")"
}

// objectiveVerdictText is an objective's score and verdict in words.
func objectiveVerdictText(p *Page, o *reviewObj) string {
	if !o.HasScore {
		return reviewScore(p, o)
	}
	return reviewScore(p, o) + " · " + p.L.T("verdict."+string(o.Verdict))
}

func (s *Server) reviewMarkdown(w http.ResponseWriter, r *http.Request) error {
	p, rv, err := s.loadReport(r.Context(), r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(p.Title, false))
	fmt.Fprintf(&b, "%s · %s – %s\n\n", mdEscape(p.Viewer.Org.Name, false), p.L.Date(rv.Period.Start), p.L.Date(rv.Period.End))
	fmt.Fprintf(&b, "%s\n\n", mdEscape(p.L.T("review.report_lede", "Low", p.L.Pct(rv.Band[0]), "High", p.L.Pct(rv.Band[1])), false))
	if rv.HasMean {
		fmt.Fprintf(&b, "- %s: **%s** (%s)\n", p.L.T("review.mean"), p.L.Pct(rv.Mean), p.L.T("verdict."+string(rv.Verdict)))
	}
	fmt.Fprintf(&b, "- %s: %d\n", p.L.T("word.objectives"), len(rv.Objs))
	fmt.Fprintf(&b, "- %s\n", p.L.T("review.graded_of", "Graded", rv.Graded, "Total", rv.KRs))
	fmt.Fprintf(&b, "- %s: %d; %s\n\n", p.L.T("verdict.right_level"), rv.Verdicts["right_level"], p.L.T("review.outside_note", "Low", rv.Verdicts["too_ambitious"], "High", rv.Verdicts["not_ambitious_enough"]))
	if c := rv.Calibration; c != nil && c.Org.Forecasts > 0 {
		fmt.Fprintf(&b, "## %s\n\n%s %s: %s.\n\n", p.L.T("calibration.title"), mdEscape(p.calibrationSentence(c.Org), false), p.L.T("calibration.brier"), p.L.Number(c.Org.Brier, 2))
	}
	for _, o := range rv.Objs {
		fmt.Fprintf(&b, "## %s\n\n", mdEscape(o.O.Title, false))
		fmt.Fprintf(&b, "%s · %s · **%s**\n\n", p.L.T("level."+string(o.Owner.Level)), mdEscape(o.Owner.Name, false), objectiveVerdictText(p, o))
		if len(o.KRs) > 0 {
			fmt.Fprintf(&b, "| %s | %s | %s |\n|---|---:|---|\n", p.L.T("word.key_result"), p.L.T("word.score"), p.L.T("review.note"))
			for _, k := range o.KRs {
				note := ""
				if k.Grade != nil {
					note = k.Grade.Note
				}
				fmt.Fprintf(&b, "| %s | %s | %s |\n", mdEscape(k.KR.Title, true), krScoreText(p, k), mdEscape(note, true))
			}
			b.WriteString("\n")
		}
		if o.O.Reflection != "" {
			fmt.Fprintf(&b, "**%s:** %s\n\n", p.L.T("review.reflection"), mdEscape(o.O.Reflection, false))
		} else {
			fmt.Fprintf(&b, "_%s_\n\n", p.L.T("review.no_reflection"))
		}
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(p.Viewer.Org.Slug, rv.Period, "review", "md")+`"`)
	_, err = w.Write(b.Bytes())
	return err
}

func (s *Server) reviewPDF(w http.ResponseWriter, r *http.Request) error {
	p, rv, err := s.loadReport(r.Context(), r)
	if err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(p.Title, true)
	pdf.SetAuthor(p.Viewer.Org.Name, true)
	pdf.SetCreator("okr", true)
	pdf.SetMargins(18, 18, 18)
	pdf.SetAutoPageBreak(true, 18)
	// The core fonts speak Windows-1252, which has æ, ø, å, ä, ö and the
	// dashes; tr translates UTF-8 to it.
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	footer := p.Viewer.Org.Name + " · " + p.Title
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, tr(footer), "", 0, "L", false, 0, "")
		pdf.CellFormat(0, 5, strconv.Itoa(pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	text := width - left - right

	pdf.SetTextColor(90, 90, 90)
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 5, tr(p.Viewer.Org.Name+" · "+p.L.Date(rv.Period.Start)+" – "+p.L.Date(rv.Period.End)), "", 1, "L", false, 0, "")
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 9, tr(p.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 5, tr(p.L.T("review.report_lede", "Low", p.L.Pct(rv.Band[0]), "High", p.L.Pct(rv.Band[1]))), "", "L", false)
	pdf.Ln(3)
	summary := []string{p.L.T("word.objectives") + ": " + itoa(len(rv.Objs)), p.L.T("review.graded_of", "Graded", rv.Graded, "Total", rv.KRs)}
	if rv.HasMean {
		summary = append([]string{p.L.T("review.mean") + ": " + p.L.Pct(rv.Mean) + " (" + p.L.T("verdict."+string(rv.Verdict)) + ")"}, summary...)
	}
	pdf.SetFont("Helvetica", "B", 10)
	pdf.MultiCell(0, 5, tr(strings.Join(summary, "   ·   ")), "", "L", false)
	if c := rv.Calibration; c != nil && c.Org.Forecasts > 0 {
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "", 9)
		pdf.MultiCell(0, 4.5, tr(p.L.T("calibration.title")+": "+p.calibrationSentence(c.Org)+" "+p.L.T("calibration.brier")+": "+p.L.Number(c.Org.Brier, 2)+"."), "", "L", false)
	}
	scoreW, noteW := 24.0, 55.0
	titleW := text - scoreW - noteW
	for _, o := range rv.Objs {
		pdf.Ln(5)
		if _, y := pdf.GetXY(); y > 250 {
			pdf.AddPage()
		}
		pdf.SetDrawColor(200, 200, 200)
		pdf.Line(left, pdf.GetY(), width-right, pdf.GetY())
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 4, tr(strings.ToUpper(p.L.T("level."+string(o.Owner.Level)))+"  "+o.Owner.Name), "", 1, "L", false, 0, "")
		pdf.SetTextColor(20, 20, 20)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(0, 6, tr(o.O.Title), "", "L", false)
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(0, 6, tr(objectiveVerdictText(p, o)), "", 1, "L", false, 0, "")
		if len(o.KRs) > 0 {
			pdf.SetFont("Helvetica", "B", 8.5)
			pdf.SetFillColor(240, 241, 244)
			pdf.CellFormat(titleW, 6, tr(p.L.T("word.key_result")), "", 0, "L", true, 0, "")
			pdf.CellFormat(scoreW, 6, tr(p.L.T("word.score")), "", 0, "R", true, 0, "")
			pdf.CellFormat(noteW, 6, tr("  "+p.L.T("review.note")), "", 1, "L", true, 0, "")
			pdf.SetFont("Helvetica", "", 8.5)
			for _, k := range o.KRs {
				note := ""
				if k.Grade != nil {
					note = k.Grade.Note
				}
				// SplitText measures UTF-8; each line is translated after.
				titleLines := pdfLines(pdf, tr, k.KR.Title, titleW-2)
				noteLines := pdfLines(pdf, tr, note, noteW-4)
				h := 4.5 * float64(max(len(titleLines), len(noteLines), 1))
				if _, y := pdf.GetXY(); y+h > 279 {
					pdf.AddPage()
				}
				x, y := pdf.GetXY()
				pdf.MultiCell(titleW, 4.5, strings.Join(titleLines, "\n"), "", "L", false)
				pdf.SetXY(x+titleW, y)
				pdf.CellFormat(scoreW, 4.5, tr(krScoreText(p, k)), "", 0, "R", false, 0, "")
				pdf.SetXY(x+titleW+scoreW+2, y)
				pdf.MultiCell(noteW-2, 4.5, strings.Join(noteLines, "\n"), "", "L", false)
				pdf.SetXY(x, y+h+1)
			}
		}
		pdf.Ln(1)
		if o.O.Reflection != "" {
			pdf.SetFont("Helvetica", "B", 9)
			pdf.CellFormat(0, 5, tr(p.L.T("review.reflection")), "", 1, "L", false, 0, "")
			pdf.SetFont("Helvetica", "", 9)
			pdf.MultiCell(0, 4.5, tr(o.O.Reflection), "", "L", false)
		} else {
			pdf.SetFont("Helvetica", "I", 9)
			pdf.CellFormat(0, 5, tr(p.L.T("review.no_reflection")), "", 1, "L", false, 0, "")
		}
	}
	if len(rv.Objs) == 0 {
		pdf.Ln(6)
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(0, 5, tr(p.L.T("review.no_objectives")), "", 1, "L", false, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(p.Viewer.Org.Slug, rv.Period, "review", "pdf")+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}

// pdfLines breaks s into lines of at most width on the current font,
// translated for the core fonts.
func pdfLines(pdf *fpdf.Fpdf, tr func(string) string, s string, width float64) []string {
	if s == "" {
		return nil
	}
	lines := pdf.SplitText(s, width)
	for i, l := range lines {
		lines[i] = tr(l)
	}
	return lines
}
