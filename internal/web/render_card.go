package web

import "html/template"

// Card and Cards render the card components (card.templ) for pages still
// written as html/template.
func (p *Page) Card(o *ObjView, h string) template.HTML { return p.C(ObjCard(p, o, h)) }

func (p *Page) Cards(objs []*ObjView, h string) template.HTML { return p.C(ObjCards(p, objs, h)) }
