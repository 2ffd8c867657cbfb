package web

import (
	"html/template"

	"github.com/okr-dev/okr/internal/okr"
)

// Methods for pages still written as html/template: each renders its
// templ component (lists.templ).

func (p *Page) UnitOptions(units []unitOption, selected int64) template.HTML {
	return p.C(UnitOptionList(p, units, selected))
}

func (p *Page) PersonOptions(people []*okr.Person, selected int64) template.HTML {
	return p.C(PersonOptionList(p, people, selected))
}

func (p *Page) DueRows(krs []*KRView) template.HTML { return p.C(DueKRRows(p, krs)) }

func (p *Page) OtherKRs(krs []*KRView) template.HTML { return p.C(OtherKRItems(p, krs)) }

func (p *Page) AlignNode(n *alignNode) template.HTML { return p.C(AlignTreeNode(p, n)) }

func (p *Page) AlignContents(n *alignNode) template.HTML { return p.C(AlignTreeContents(p, n)) }

func (p *Page) CheckInGroup(g *checkInGroup) template.HTML { return p.C(CheckInSection(p, g)) }
