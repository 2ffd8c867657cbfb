package web

import (
	"context"
	"sort"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/view"
	"github.com/okr-dev/okr/internal/web/chart"
)

// calibrationView is a period's confidence calibration at the review: the
// organisation's reading with its reliability chart, and a row per unit and
// per person with forecasts.
type calibrationView struct {
	Org    okr.Calibration
	Chart  chart.Bars
	Units  []calibrationRow
	People []calibrationRow
}

// calibrationRow is one unit's or person's calibration.
type calibrationRow struct {
	Name  string
	Href  string
	Depth int
	C     okr.Calibration
}

// reviewCalibration compares the period's confidences with its grades
// (view.Model.Calibrations).
func (s *Server) reviewCalibration(ctx context.Context, p *Page, dir *view.Directory, period okr.Period) (*calibrationView, error) {
	cs, err := s.view().Calibrations(ctx, p.Viewer.Org.ID, dir, []okr.Period{period})
	if err != nil {
		return nil, err
	}
	cv := &calibrationView{Org: cs.Org, Chart: p.reliabilityChart("calibration-chart", cs.Org)}
	for _, u := range dir.TreeOrder() {
		if c, ok := cs.Units[u.ID]; ok {
			cv.Units = append(cv.Units, calibrationRow{Name: u.Name, Href: "/units/" + idStr(u.ID), Depth: dir.Depth(u), C: c})
		}
	}
	for id, c := range cs.People {
		if person := dir.People[id]; person != nil {
			cv.People = append(cv.People, calibrationRow{Name: person.Name, Href: "/people/" + idStr(id), C: c})
		}
	}
	sort.Slice(cv.People, func(i, j int) bool { return cv.People[i].Name < cv.People[j].Name })
	return cv, nil
}

// reliabilityChart draws, per confidence and third of the period, the mean
// final grade of the key results that got it, against the band.
func (p *Page) reliabilityChart(id string, c okr.Calibration) chart.Bars {
	band := p.Viewer.Org.Settings
	b := chart.Bars{ID: id, Title: p.L.T("calibration.chart_title"), Desc: p.calibrationSentence(c),
		Band: [2]float64{band.BandLow, band.BandHigh}, BandLabel: p.L.T("calibration.band", "Low", p.L.Pct(band.BandLow), "High", p.L.Pct(band.BandHigh))}
	for _, conf := range okr.Confidences {
		g := chart.BarGroup{Label: p.L.T("calibration.said", "Confidence", p.L.T("confidence."+string(conf)))}
		for _, ph := range okr.Phases {
			cell, ok := c.Cell(conf, ph)
			if !ok {
				continue
			}
			g.Bars = append(g.Bars, chart.Bar{Label: p.L.T("calibration.phase_" + ph.String()), Value: cell.MeanScore, Class: "bar-" + string(conf),
				Text: p.L.Pct(cell.MeanScore) + " · " + p.L.N("calibration.n", cell.Forecasts)})
		}
		if len(g.Bars) > 0 {
			b.Groups = append(b.Groups, g)
		}
	}
	return b
}

// calibrationSentence is the plain-language reading: the verdict and, when
// there is one, what "on track" at mid-period turned into.
func (p *Page) calibrationSentence(c okr.Calibration) string {
	s := p.L.T("calibration.verdict_" + string(c.Verdict))
	if c.Verdict == okr.CalibrationTooLittleData {
		return s
	}
	if cell, ok := c.Cell(okr.OnTrack, okr.PhaseMid); ok {
		s += " " + p.L.T("calibration.on_track_mid", "Score", p.L.Pct(cell.MeanScore), "Reached", p.L.Pct(cell.Reached))
	}
	return s
}
