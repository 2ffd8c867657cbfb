package web

import (
	"context"
	"strconv"

	"github.com/okr-dev/okr/internal/okr"
)

// askDoubts puts okr.DoubtValue's question to every row that checks in a
// new number without its confirmation: the row gets Doubt, a message that
// asks whether the value is right, and a box to tick. It reports whether
// any row asks, so that the form comes back unsaved. cis are the rows'
// check-ins, in the same order.
func (s *Server) askDoubts(ctx context.Context, p *Page, orgID int64, rows []*checkInRow, cis []okr.CheckIn) (bool, error) {
	checks := map[int64][]float64{}
	for i, row := range rows {
		if row.Value != "" && !row.Confirmed && row.K.KR.Metric.Kind.HasStart() {
			checks[row.K.KR.ID] = append(checks[row.K.KR.ID], cis[i].Value)
		}
	}
	if len(checks) == 0 {
		return false, nil
	}
	hist, err := s.DB.DoubtHistories(ctx, orgID, checks)
	if err != nil {
		return false, err
	}
	earlier := map[int64][]float64{}
	for id, h := range hist {
		earlier[id] = h.Values
	}
	asked := false
	for i, row := range rows {
		kr := &row.K.KR
		if row.Value == "" || row.Confirmed || !kr.Metric.Kind.HasStart() {
			continue
		}
		d := okr.DoubtValue(kr.Metric, earlier[kr.ID], cis[i].Value)
		if d == okr.DoubtNone {
			continue
		}
		last := kr.Metric.Start
		if e := earlier[kr.ID]; len(e) > 0 {
			last = e[len(e)-1]
		}
		row.Doubt = p.L.T("checkin.doubt_"+string(d),
			"Value", p.Val(kr.Metric.Unit, cis[i].Value), "Last", p.Val(kr.Metric.Unit, last),
			"Start", p.Val(kr.Metric.Unit, kr.Metric.Start), "Target", p.Val(kr.Metric.Unit, kr.Metric.Target))
		asked = true
	}
	return asked, nil
}

// confirmField is the name of the box that confirms a doubted value.
func confirmField(krID int64) string { return "confirm-" + strconv.FormatInt(krID, 10) }
