package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/demo"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// oldAlignmentHTML is templates/alignment.html before render_align.go
// took over its nodes: the reference for testPagesMatchTemplates.
const oldAlignmentHTML = `{{define "content"}}{{$d := .Data}}{{$p := .}}
<div class="page-head">
  <div>
    {{if $d.Period.ID}}<p class="eyebrow">{{$d.Period.Name}}</p>{{end}}
    <h1>{{.L.T "alignment.title"}}</h1>
    <p class="lede">{{.L.T "alignment.lede"}}</p>
  </div>
  {{if $d.Periods}}{{template "periodpicker" (dict "P" $p "Periods" $d.Periods "Period" $d.Period "Action" "/alignment")}}{{end}}
</div>
{{if not $d.Root}}<p class="empty">{{if $d.Period.ID}}{{.L.T "alignment.empty"}}{{else}}{{.L.T "home.no_period"}}{{end}}</p>{{else}}
{{if $d.Path}}<nav aria-label="{{.L.T "alignment.path"}}" class="small section"><a href="/alignment?period={{$d.Period.ID}}">{{.L.T "alignment.whole"}}</a>{{range $d.Path}} › <a href="/alignment?period={{$d.Period.ID}}&amp;unit={{.ID}}">{{.Name}}</a>{{end}}</nav>{{end}}
<div class="row section" hidden data-js-only>
  <button class="btn btn-secondary btn-small" type="button" data-details-toggle="open" aria-controls="align-tree">{{.L.T "alignment.expand"}}</button>
  <button class="btn btn-secondary btn-small" type="button" data-details-toggle="close" aria-controls="align-tree">{{.L.T "alignment.collapse"}}</button>
</div>
<ul class="tree" id="align-tree">{{template "anode" (dict "P" $p "N" $d.Root)}}</ul>
<p class="small muted">{{.L.T "alignment.note"}}</p>
{{end}}
{{end}}

{{define "anode"}}{{$p := .P}}{{$n := .N}}
<li>
  <details id="node-{{$n.ID}}"{{if eq $n.Depth 0}} open{{end}}{{if not $n.Loaded}} hx-get="{{$n.LoadURL}}" hx-trigger="toggle once" hx-target="find .node-body" hx-swap="innerHTML"{{end}}>
    <summary>
      <span class="node-name"><span class="badge">{{$p.L.T (key "level" $n.Level)}}</span>{{$n.Name}}<span class="node-sub">{{$p.L.N "overview.n_objectives" $n.Count}}</span></span>
      {{if $n.Count}}<span class="node-side">{{$p.Pill $n.Status}}{{$p.Bar $n.Rollup $n.Expected $n.Status false}}</span>{{else}}<span class="small muted">–</span>{{end}}
    </summary>
    <div class="node-body">
      {{if $n.Loaded}}{{template "anode-contents" .}}{{else}}<p class="more"><a href="{{$n.Link}}">{{$p.L.T "alignment.open" "Name" $n.Name}}</a></p>{{end}}
    </div>
  </details>
</li>
{{end}}

{{define "anode-contents"}}{{$p := .P}}{{$n := .N}}
{{if $n.Objs}}<ul class="node-objs" aria-label="{{$p.L.T "alignment.objs_of" "Name" $n.Name}}">{{range $n.Objs}}
  <li class="tree-obj">
    <span><a href="/objectives/{{.O.ID}}">{{.O.Title}}</a>{{if .Draft}} {{template "draftpill" (dict "P" $p)}}{{end}}
      {{if or .Parent .Contribs}}<span class="links">{{if .Parent}}↑ {{$p.L.T "word.parent"}}: <a href="/objectives/{{.Parent.O.ID}}">{{.Parent.O.Title}}</a>{{end}}{{if and .Parent .Contribs}} · {{end}}{{if .Contribs}}→ {{$p.L.T "word.contributes"}}: {{range $i, $c := .Contribs}}{{if $i}}, {{end}}<a href="/objectives/{{$c.O.ID}}">{{$c.O.Title}}</a>{{end}}{{end}}</span>{{end}}
    </span>
    <span class="node-side">{{if not .Draft}}{{$p.Pill .Status}}{{end}}{{$p.Bar .Shown .Expected .Status false}}</span>
  </li>{{end}}
</ul>{{else if not $n.Children}}<p class="small muted node-objs">{{$p.L.T "alignment.no_objs"}}</p>{{end}}
{{if $n.Children}}<ul>{{range $n.Children}}{{template "anode" (dict "P" $p "N" .)}}{{end}}</ul>{{end}}
{{end}}

{{define "anode-body"}}{{template "anode-contents" (dict "P" . "N" .Data.Node)}}{{end}}
`

// oldCheckInHTML is templates/checkin.html before render_checkin.go took
// over its sections: the reference for testPagesMatchTemplates.
const oldCheckInHTML = `{{define "content"}}{{$d := .Data}}
<div class="page-head">
  <div>
    {{if $d.Period.ID}}<p class="eyebrow">{{$d.Period.Name}}</p>{{end}}
    <h1>{{.L.T "checkin.title"}}</h1>
    <p class="lede">{{.L.T "checkin.lede"}}</p>
  </div>
</div>
{{if not $d.Count}}<p class="empty">{{.L.T "checkin.none"}}</p>{{else}}{{template "checkin-form" .}}{{end}}
{{end}}

{{define "checkin-form"}}{{$d := .Data}}{{$p := .}}
<form id="checkin-form" method="post" action="/checkin{{if $d.Period.ID}}?period={{$d.Period.ID}}{{end}}" hx-post="/checkin{{if $d.Period.ID}}?period={{$d.Period.ID}}{{end}}" hx-target="this" hx-swap="outerHTML" data-ctrl-enter novalidate>
  {{if $d.Error}}<div class="notice notice-error" role="alert" data-focus-after-swap><p>{{$d.Error}}</p></div>{{end}}
  {{if $d.Saved}}<div class="notice notice-ok" role="status" data-focus-after-swap><p>{{.L.N "checkin.saved_n" $d.Saved}}</p></div>{{end}}
  {{range $d.Groups}}
  <section class="card ci" aria-labelledby="ci-obj-{{.O.O.ID}}">
    <div class="ci-head">
      <p class="obj-meta"><span class="badge">{{$p.L.T (key "level" .O.Owner.Level)}}</span><span>{{.O.Owner.Name}}</span></p>
      <h2 id="ci-obj-{{.O.O.ID}}"><a href="/objectives/{{.O.O.ID}}">{{.O.O.Title}}</a></h2>
    </div>
    <ul class="krs">
    {{range .Rows}}{{$id := .K.KR.ID}}{{$kr := .K.KR}}
      <li class="ci-kr" id="ci-kr-{{$id}}">
        <div class="ci-kr-head">
          <h3 class="kr-title" id="ci-kr-{{$id}}-t">{{$kr.Title}}</h3>
          <p class="kr-facts mb-0"><span>{{$p.L.T "word.current"}}: <span class="val">{{$p.Current $kr}}</span></span><span>{{$p.Goal $kr}}</span>{{$p.Pill .K.Status}}<span>{{if $kr.LastCheckInAt}}{{$p.L.T "checkin.last" "Date" ($p.L.Date $kr.LastCheckInAt)}}{{else}}{{$p.L.T "checkin.never"}}{{end}}</span></p>
        </div>
        <div class="ci-body">
          {{if eq $kr.Metric.Kind "boolean"}}
          <fieldset class="mb-0">
            <legend>{{$p.L.T "checkin.done_q"}}<span class="visually-hidden"> – {{$kr.Title}}</span></legend>
            <div class="choices">
              <label class="choice"><input type="radio" name="done-{{$id}}" value="1"{{if .Done}} checked{{end}}> {{$p.L.T "word.yes"}}</label>
              <label class="choice"><input type="radio" name="done-{{$id}}" value="0"{{if not .Done}} checked{{end}}> {{$p.L.T "word.no"}}</label>
            </div>
          </fieldset>
          {{else if eq $kr.Metric.Kind "milestones"}}{{$ms := .Milestones}}
          <fieldset class="mb-0">
            <legend>{{$p.L.T "metric.milestones"}}<span class="visually-hidden"> – {{$kr.Title}}</span></legend>
            <input type="hidden" name="milestones-{{$id}}" value="1">
            {{range $kr.Milestones}}<label class="check"><input type="checkbox" name="milestone-{{$id}}" value="{{.ID}}"{{if index $ms .ID}} checked{{end}}> {{.Title}}</label>{{end}}
          </fieldset>
          {{else}}
          <div class="field">
            <label for="value-{{$id}}">{{$p.L.T "checkin.new_value"}}<span class="visually-hidden"> – {{$kr.Title}}</span></label>
            <div class="input-unit"><input id="value-{{$id}}" name="value-{{$id}}" type="text" inputmode="decimal" autocomplete="off" value="{{.Value}}" placeholder="{{$p.InputValue $kr.Current}}" aria-describedby="value-{{$id}}-hint{{if .ValueErr}} value-{{$id}}-err{{end}}"{{if .ValueErr}} aria-invalid="true"{{end}}>{{with $p.UnitSuffix $kr.Metric.Unit}}<span>{{.}}</span>{{end}}</div>
            <span class="hint" id="value-{{$id}}-hint">{{$p.L.T "checkin.value_hint"}}</span>
            {{if .ValueErr}}<p class="field-error" id="value-{{$id}}-err">{{.ValueErr}}</p>{{end}}
          </div>
          {{end}}
          <fieldset class="mb-0">
            <legend>{{$p.L.T "confidence.label"}}<span class="visually-hidden"> – {{$kr.Title}}</span></legend>
            <div class="choices">{{$c := .Confidence}}
              {{range $v := (confidences)}}<label class="choice"><input type="radio" name="confidence-{{$id}}" value="{{$v}}"{{if eq $v $c}} checked{{end}}> {{$p.L.T (key "confidence" $v)}}</label>{{end}}
            </div>
          </fieldset>
          <div class="field wide">
            <label for="comment-{{$id}}">{{$p.L.T "word.comment"}}<span class="visually-hidden"> – {{$kr.Title}}</span></label>
            <textarea id="comment-{{$id}}" name="comment-{{$id}}" rows="2"{{if .CommentErr}} aria-invalid="true" aria-describedby="comment-{{$id}}-err"{{end}}>{{.Comment}}</textarea>
            {{if .CommentErr}}<p class="field-error" id="comment-{{$id}}-err">{{.CommentErr}}</p>{{end}}
          </div>
        </div>
      </li>
    {{end}}
    </ul>
  </section>
  {{end}}
  <div class="ci-actions">
    <button class="btn" type="submit">{{.L.T "checkin.save"}}</button>
    <span class="small muted">{{.L.T "checkin.save_hint"}}</span>
    <span class="htmx-indicator small muted" aria-hidden="true">{{.L.T "checkin.saving"}}</span>
  </div>
</form>
{{end}}
`

// oldOverviewHTML is templates/overview.html before render_lists.go took over
// its unit and person pickers: the reference for testPagesMatchTemplates.
const oldOverviewHTML = `{{define "content"}}{{$d := .Data}}{{$p := .}}
<div class="page-head">
  <div>
    {{if $d.Period.ID}}<p class="eyebrow">{{$d.Period.Name}} · {{.L.Date $d.Period.Start}} – {{.L.Date $d.Period.End}}</p>{{end}}
    <h1>{{.L.T "overview.title"}}</h1>
    <p class="lede">{{.L.T "overview.lede"}}</p>
  </div>
</div>
{{if not $d.Period.ID}}<p class="empty">{{.L.T "home.no_period"}}</p>{{else}}
<form class="filters" method="get" action="/overview" role="search" aria-label="{{.L.T "overview.filters"}}">
  <div class="field">
    <label for="f-period">{{.L.T "word.period"}}</label>
    <select id="f-period" name="period">{{range $d.Periods}}<option value="{{.ID}}"{{if eq .ID $d.Period.ID}} selected{{end}}>{{.Name}}</option>{{end}}</select>
  </div>
  <div class="field">
    <label for="f-unit">{{.L.T "word.unit"}}</label>
    <select id="f-unit" name="unit"><option value="">{{.L.T "word.all"}}</option>{{range $d.Units}}<option value="{{.Unit.ID}}"{{if eq .Unit.ID $d.UnitID}} selected{{end}}>{{.Label}}</option>{{end}}</select>
  </div>
  <div class="field">
    <label for="f-person">{{.L.T "word.person"}}</label>
    <select id="f-person" name="person"><option value="">{{.L.T "word.everyone"}}</option>{{range $d.People}}<option value="{{.ID}}"{{if eq .ID $d.PersonID}} selected{{end}}>{{.Name}}</option>{{end}}</select>
  </div>
  <div class="field field-wide">
    <label for="f-q">{{.L.T "word.search"}}</label>
    <input id="f-q" name="q" type="search" value="{{$d.Query}}" placeholder="{{.L.T "overview.search_hint"}}">
  </div>
  <div class="actions">
    <button class="btn" type="submit">{{.L.T "word.filter"}}</button>
    {{if $d.Filtered}}<a href="/overview?period={{$d.Period.ID}}">{{.L.T "word.clear"}}</a>{{end}}
  </div>
</form>

<section class="tiles" aria-label="{{.L.T "home.summary"}}">
  <div class="tile"><p class="tile-label">{{.L.T "word.objectives"}}</p><p class="tile-value">{{$d.Total}}</p><p class="tile-note">{{.L.N "home.tile_krs" $d.Summary.KeyResults}}</p></div>
  <div class="tile"><p class="tile-label">{{.L.T "overview.avg"}}</p><p class="tile-value">{{.L.Pct $d.Summary.Mean}}</p><p class="tile-note">{{.L.T "home.tile_expected" "Value" (.L.Pct $d.Summary.Expected)}}</p></div>
  <div class="tile"><p class="tile-label">{{.L.T "overview.by_status"}}</p>
    <p class="row mb-0 small"><span class="pill pill-ahead">{{.L.T "status.ahead"}} {{$d.Summary.Ahead}}</span><span class="pill pill-on_track">{{.L.T "status.on_track"}} {{$d.Summary.OnTrack}}</span><span class="pill pill-behind">{{.L.T "status.behind"}} {{$d.Summary.Behind}}</span><span class="pill pill-stale">{{.L.T "status.stale"}} {{$d.Summary.Stale}}</span></p>
  </div>
</section>

{{with $d.Health}}{{template "health" (dict "P" $p "H" .)}}{{end}}

{{if $d.Groups}}
{{range $d.Groups}}
<section class="section" aria-labelledby="grp-{{if .Owner.Unit}}u{{.Owner.Unit.ID}}{{else if .Owner.Who}}p{{.Owner.Who.ID}}{{end}}">
  <div class="section-head"><h2 id="grp-{{if .Owner.Unit}}u{{.Owner.Unit.ID}}{{else if .Owner.Who}}p{{.Owner.Who.ID}}{{end}}">{{if .Owner.Href}}<a href="{{.Owner.Href}}">{{.Owner.Name}}</a>{{else}}{{.Owner.Name}}{{end}}</h2><p>{{$p.L.T (key "level" .Owner.Level)}} · {{$p.L.N "overview.n_objectives" (len .Objs)}}</p></div>
  {{range .Objs}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{end}}
</section>
{{end}}
{{if or $d.PrevURL $d.NextURL}}<nav class="row" aria-label="{{.L.T "overview.pages"}}">{{if $d.PrevURL}}<a class="btn btn-secondary" href="{{$d.PrevURL}}" rel="prev">{{.L.T "overview.prev"}}</a>{{end}}<span class="muted small">{{.L.T "overview.page" "Page" $d.Page}}</span>{{if $d.NextURL}}<a class="btn btn-secondary" href="{{$d.NextURL}}" rel="next">{{.L.T "overview.next"}}</a>{{end}}</nav>{{end}}
{{else}}<p class="empty">{{if $d.Filtered}}{{.L.T "overview.no_match"}}{{else}}{{.L.T "overview.empty"}}{{end}}</p>{{end}}
{{end}}
{{end}}
`

// oldHomeHTML is templates/home.html before render_lists.go took over
// its lists of due and other key results: the reference for testPagesMatchTemplates.
const oldHomeHTML = `{{define "content"}}{{$d := .Data}}{{$p := .}}
<div class="page-head">
  <div>
    {{if $d.Period.ID}}<p class="eyebrow">{{$d.Period.Name}} · {{.L.Date $d.Period.Start}} – {{.L.Date $d.Period.End}}</p>{{end}}
    <h1>{{.L.T "nav.home"}}</h1>
    <p class="lede">{{.L.T "home.hello" "Name" .Viewer.Person.Name}}</p>
  </div>
  {{if $d.Periods}}{{template "periodpicker" (dict "P" $p "Periods" $d.Periods "Period" $d.Period "Action" "/")}}{{end}}
</div>

{{if not $d.Period.ID}}
<p class="empty">{{.L.T "home.no_period"}}</p>
{{else}}
<section class="tiles" aria-label="{{.L.T "home.summary"}}">
  <div class="tile"><p class="tile-label">{{.L.T "home.tile_objectives"}}</p><p class="tile-value">{{$d.Summary.Objectives}}</p><p class="tile-note">{{.L.N "home.tile_krs" $d.Summary.KeyResults}}</p></div>
  <div class="tile"><p class="tile-label">{{.L.T "home.tile_progress"}}</p><p class="tile-value">{{.L.Pct $d.Summary.Mean}}</p><p class="tile-note">{{.L.T "home.tile_expected" "Value" (.L.Pct $d.Summary.Expected)}}</p></div>
  <div class="tile"><p class="tile-label">{{.L.T "home.tile_due"}}</p><p class="tile-value">{{len $d.Due}}</p><p class="tile-note">{{.L.T "home.tile_due_note"}}</p></div>
  <div class="tile"><p class="tile-label">{{.L.T "home.tile_behind"}}</p><p class="tile-value">{{$d.Summary.Behind}}</p><p class="tile-note">{{.L.N "home.tile_stale" $d.Summary.Stale}}</p></div>
</section>
<div class="section"><p class="small muted mb-0">{{.L.T "home.expected_note" "Value" (.L.Pct $d.Summary.Expected)}}</p>{{template "why" (dict "P" $p "W" $d.WhyExpected)}}</div>

<section class="section" aria-labelledby="due-h">
  <div class="section-head"><h2 id="due-h">{{.L.T "home.due_title"}}</h2>{{if $d.Due}}<a class="btn" href="/checkin">{{.L.T "home.do_checkin"}}</a>{{end}}</div>
  {{if $d.Due}}
  <div class="card table-wrap"><table>
    <thead><tr><th scope="col">{{.L.T "word.key_result"}}</th><th scope="col">{{.L.T "word.current"}}</th><th scope="col">{{.L.T "home.last_checkin"}}</th></tr></thead>
    <tbody>{{range $d.Due}}<tr>
      <td><a href="/objectives/{{.Obj.O.ID}}#kr-{{.KR.ID}}">{{.KR.Title}}</a><span class="hint">{{.Obj.O.Title}}</span></td>
      <td class="nowrap">{{$p.Current .KR}}</td>
      <td class="nowrap">{{if .KR.LastCheckInAt}}{{$p.L.Date .KR.LastCheckInAt}}{{else}}{{$p.L.T "home.never"}}{{end}}</td>
    </tr>{{end}}</tbody>
  </table></div>
  {{else}}<p class="notice notice-ok">{{.L.T "home.all_checked_in"}}</p>{{end}}
</section>

<section class="section" aria-labelledby="mine-h">
  <div class="section-head"><div><h2 id="mine-h">{{.L.T "home.mine_title"}}</h2><p>{{.L.T "home.mine_note"}}</p></div><a class="btn btn-secondary btn-small" href="/objectives/new?period={{$d.Period.ID}}">{{.L.T "home.new_objective"}}</a></div>
  {{range $d.Mine}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{else}}<p class="empty">{{.L.T "home.mine_empty"}}</p>{{end}}
</section>

{{if $d.OtherKRs}}
<section class="section" aria-labelledby="other-h">
  <div class="section-head"><h2 id="other-h">{{.L.T "home.other_krs"}}</h2></div>
  <div class="card"><ul class="krs">{{range $d.OtherKRs}}<li class="kr">
    <div><p class="kr-title"><a href="/objectives/{{.Obj.O.ID}}#kr-{{.KR.ID}}">{{.KR.Title}}</a></p>
    <p class="kr-facts mb-0"><span class="val">{{$p.Current .KR}}</span><span>{{$p.Goal .KR}}</span><span>{{$p.L.T "word.objective"}}: {{.Obj.O.Title}}</span></p></div>
    <div class="kr-side">{{$p.Pill .Status}}{{$p.Bar .Progress .Expected .Status false}}</div>
  </li>{{end}}</ul></div>
</section>
{{end}}

{{if $d.Teams}}
<section class="section" aria-labelledby="teams-h">
  <div class="section-head"><h2 id="teams-h">{{.L.T "home.teams_title"}}</h2></div>
  {{range $d.Teams}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{end}}
</section>
{{end}}

<section class="section" aria-labelledby="follow-h">
  <div class="section-head"><h2 id="follow-h">{{.L.T "home.following_title"}}</h2><a href="/people">{{.L.T "home.find_people"}}</a></div>
  {{range $d.Following}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{else}}<p class="empty">{{.L.T "home.following_empty"}}</p>{{end}}
</section>
{{end}}
{{end}}
`

// oldPersonHTML is templates/person.html before render_lists.go took over
// its list of other key results: the reference for testPagesMatchTemplates.
const oldPersonHTML = `{{define "content"}}{{$d := .Data}}{{$p := .}}{{$who := $d.Person}}
<div class="page-head">
  <div>
    <p class="eyebrow"><a href="/people">{{.L.T "people.title"}}</a>{{if $d.Unit}} · <a href="/units/{{$d.Unit.ID}}">{{$d.Unit.Name}}</a>{{end}}</p>
    <h1>{{$who.Name}}</h1>
    <p class="lede">{{if $d.Leads}}{{.L.T "people.leads"}} {{range $i, $u := $d.Leads}}{{if $i}}, {{end}}<a href="/units/{{$u.ID}}">{{$u.Name}}</a>{{end}} · {{end}}<a href="mailto:{{$who.Email}}">{{$who.Email}}</a>{{if eq $who.Role "admin"}} · {{.L.T "role.admin"}}{{end}}</p>
  </div>
  <div class="row">
    {{if $d.Periods}}{{template "periodpicker" (dict "P" $p "Periods" $d.Periods "Period" $d.Period "Action" .Path)}}{{end}}
    {{if not $d.Self}}{{template "follow" (dict "P" $p "B" ($p.FollowBtn "person" $who.ID $who.Name $d.Following))}}{{end}}
  </div>
</div>
<section class="section" aria-labelledby="objs-h">
  <div class="section-head"><h2 id="objs-h">{{.L.T "people.objectives_of" "Name" $who.Name}}</h2>{{if $d.Period.ID}}<p>{{$d.Period.Name}}</p>{{end}}</div>
  {{range $d.Objs}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{else}}<p class="empty">{{.L.T "people.no_objectives"}}</p>{{end}}
</section>
{{if $d.LedObjs}}<section class="section" aria-labelledby="led-h">
  <div class="section-head"><h2 id="led-h">{{.L.T "people.led_objectives"}}</h2></div>
  {{range $d.LedObjs}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{end}}
</section>{{end}}
{{if $d.OtherKRs}}<section class="section" aria-labelledby="other-h">
  <div class="section-head"><h2 id="other-h">{{.L.T "people.other_krs"}}</h2></div>
  <div class="card"><ul class="krs">{{range $d.OtherKRs}}<li class="kr">
    <div><p class="kr-title"><a href="/objectives/{{.Obj.O.ID}}#kr-{{.KR.ID}}">{{.KR.Title}}</a></p>
    <p class="kr-facts mb-0"><span class="val">{{$p.Current .KR}}</span><span>{{$p.Goal .KR}}</span><span>{{$p.L.T "word.objective"}}: {{.Obj.O.Title}}</span></p></div>
    <div class="kr-side">{{template "pill" (dict "P" $p "S" .Status)}}{{template "bar" (dict "P" $p "V" .Progress "E" .Expected "S" .Status "Lg" false)}}</div>
  </li>{{end}}</ul></div>
</section>{{end}}
{{end}}
`

// oldUnitHTML is templates/unit.html before its cards were written by
// Page.Cards: the reference for testPagesMatchTemplates.
const oldUnitHTML = `{{define "content"}}{{$d := .Data}}{{$p := .}}{{$u := $d.Unit}}{{$h := $d.Health}}
<div class="page-head">
  <div>
    <p class="eyebrow"><a href="/people">{{.L.T "people.title"}}</a>{{range $d.Path}} · <a href="/units/{{.ID}}">{{.Name}}</a>{{end}}</p>
    <h1>{{$u.Name}}</h1>
    <p class="lede"><span class="badge">{{.L.T (key "unitkind" $u.Kind)}}</span>{{if $d.Leads}} · {{.L.T "people.led_by"}} {{range $i, $l := $d.Leads}}{{if $i}}, {{end}}<a href="/people/{{$l.ID}}">{{$l.Name}}</a>{{end}}{{end}}</p>
  </div>
  <div class="row">
    {{if $d.Periods}}{{template "periodpicker" (dict "P" $p "Periods" $d.Periods "Period" $d.Period "Action" .Path)}}{{end}}
    {{template "follow" (dict "P" $p "B" ($p.FollowBtn "unit" $u.ID $u.Name $d.Following))}}
    {{if and $d.CanCreate $d.Period.ID}}<a class="btn" href="/objectives/new?period={{$d.Period.ID}}&amp;owner=unit:{{$u.ID}}">{{.L.T "edit.new_objective"}}</a>{{end}}
  </div>
</div>
{{if $d.Period.ID}}
<section class="section" aria-labelledby="health-h">
  <div class="section-head"><h2 id="health-h">{{.L.T "people.health"}}</h2><p>{{.L.T "people.health_hint"}}</p></div>
  <div class="tiles">
    <div class="tile"><p class="tile-label">{{.L.T "word.objectives"}}</p><p class="tile-value">{{$h.Objectives}}</p><p class="tile-note">{{.L.N "home.tile_krs" $h.KeyResults}}</p></div>
    <div class="tile"><p class="tile-label">{{.L.T "people.mean_progress"}}</p><p class="tile-value">{{.L.Pct $h.Mean}}</p><p class="tile-note">{{.L.T "home.tile_expected" "Value" (.L.Pct $h.Expected)}}</p></div>
    <div class="tile"><p class="tile-label">{{.L.T "status.stale"}}</p><p class="tile-value">{{$h.Stale}}</p><p class="tile-note">{{.L.T "people.stale_note"}}</p></div>
    <div class="tile"><p class="tile-label">{{.L.T "people.unaligned"}}</p><p class="tile-value">{{$h.Unaligned}}</p><p class="tile-note">{{.L.T "people.unaligned_note"}}</p></div>
  </div>
  {{if $h.Findings}}<details class="card card-pad health-findings"><summary>{{.L.N "people.findings" (len $h.Findings)}}</summary>{{template "coach-list" (dict "P" $p "F" $h.Findings "ID" "coach-health" "Live" false)}}</details>{{else}}<p class="notice notice-ok">{{.L.T "people.no_findings"}}</p>{{end}}
</section>
<section class="section" aria-labelledby="own-h">
  <div class="section-head"><h2 id="own-h">{{.L.T "people.unit_objectives" "Unit" $u.Name}}</h2><p>{{$d.Period.Name}}</p></div>
  {{range $d.Own}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{else}}<p class="empty">{{.L.T "people.no_unit_objectives"}}</p>{{end}}
</section>
{{if $d.Below}}<section class="section" aria-labelledby="below-h">
  <div class="section-head"><h2 id="below-h">{{.L.T "people.below"}}</h2></div>
  {{range $d.Below}}{{template "objcard" (dict "P" $p "O" . "H" "h3")}}{{end}}
</section>{{end}}
{{else}}<p class="empty">{{.L.T "home.no_period"}}</p>{{end}}
<div class="grid-2 section">
  <section class="card card-pad" aria-labelledby="members-h">
    <h2 id="members-h" class="h3">{{.L.T "people.members"}}</h2>
    {{if $d.Members}}<ul class="plain-list">{{range $d.Members}}<li><a href="/people/{{.ID}}">{{.Name}}</a></li>{{end}}</ul>{{else}}<p class="muted small mb-0">{{.L.T "people.no_members"}}</p>{{end}}
  </section>
  <section class="card card-pad" aria-labelledby="sub-h">
    <h2 id="sub-h" class="h3">{{.L.T "people.subunits"}}</h2>
    {{if $d.Children}}<ul class="plain-list">{{range $d.Children}}<li><a href="/units/{{.ID}}">{{.Name}}</a></li>{{end}}</ul>{{else}}<p class="muted small mb-0">{{.L.T "people.no_subunits"}}</p>{{end}}
  </section>
</div>
{{end}}
`

// pageUser is a signed-in session on one server.
type pageUser struct {
	h      http.Handler
	cookie string
}

func signInOn(t *testing.T, h http.Handler, email, password string) *pageUser {
	t.Helper()
	u := &pageUser{h: h}
	form := url.Values{"email": {email}, "password": {password}, "next": {"/"}}
	status, _, res := u.do(t, http.MethodPost, "/signin", form, false)
	if status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: got status %d, want 303", email, status)
	}
	for _, c := range res.Cookies() {
		u.cookie += c.Name + "=" + c.Value + "; "
	}
	return u
}

// do serves one request with the session; form makes it a POST of form,
// hx an htmx request.
func (u *pageUser) do(t *testing.T, method, path string, form url.Values, hx bool) (int, string, *http.Response) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if u.cookie != "" {
		req.Header.Set("Cookie", u.cookie)
	}
	if hx {
		req.Header.Set("HX-Request", "true")
	}
	rec := httptest.NewRecorder()
	u.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String(), rec.Result()
}

func (u *pageUser) language(t *testing.T, lang string) {
	t.Helper()
	if status, _, _ := u.do(t, http.MethodPost, "/language", url.Values{"lang": {lang}, "next": {"/"}}, false); status != http.StatusSeeOther {
		t.Fatalf("switch to %s: got status %d, want 303", lang, status)
	}
}

// pageServers are two servers on one database: the current one, and a
// reference whose alignment, check-in, overview, home, person and unit
// pages are the old templates.
type pageServers struct {
	cur, ref http.Handler
}

func newPageServers(t *testing.T, db *store.DB) *pageServers {
	t.Helper()
	newServer := func() *Server {
		return &Server{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return perfDay }}
	}
	cur, ref := newServer(), newServer()
	ps := &pageServers{cur: cur.Handler(), ref: ref.Handler()}
	for name, text := range map[string]string{
		"alignment": oldAlignmentHTML, "checkin": oldCheckInHTML,
		"overview": oldOverviewHTML, "home": oldHomeHTML, "person": oldPersonHTML, "unit": oldUnitHTML,
	} {
		pt, err := ref.tmpl.pages[name].Parse(text)
		if err != nil {
			t.Fatalf("reference %s: %v", name, err)
		}
		ref.tmpl.pages[name] = pt
	}
	return ps
}

// pageSessions are one person's sessions on both servers.
type pageSessions struct {
	cur, ref *pageUser
	pages    int
}

func (ps *pageServers) signIn(t *testing.T, email, password string) *pageSessions {
	t.Helper()
	return &pageSessions{cur: signInOn(t, ps.cur, email, password), ref: signInOn(t, ps.ref, email, password)}
}

func (s *pageSessions) language(t *testing.T, lang string) {
	t.Helper()
	s.cur.language(t, lang)
	s.ref.language(t, lang)
}

// same requests path on both servers and requires status want from both
// and the same bytes; it returns the body.
func (s *pageSessions) same(t *testing.T, want int, method, path string, form url.Values, hx bool) string {
	t.Helper()
	cs, cb, _ := s.cur.do(t, method, path, form, hx)
	rs, rb, _ := s.ref.do(t, method, path, form, hx)
	if cs != want || rs != want {
		t.Fatalf("%s %s: got status %d, reference %d, want %d", method, path, cs, rs, want)
	}
	if cb != rb {
		i := 0
		for i < len(cb) && i < len(rb) && cb[i] == rb[i] {
			i++
		}
		t.Fatalf("%s %s (hx %v): differs from the reference at byte %d:\ngot  …%s…\nwant …%s…", method, path, hx, i, around(cb, i), around(rb, i))
	}
	s.pages++
	return cb
}

// testPagesMatchTemplates requests the alignment tree, the overview, the
// home, person and unit pages and the check-in form of both
// organisations, in every language, from a server with the Go renderers
// and from one with the old templates, and requires the same bytes. The check-in form is also posted with errors, so that typed
// values and error messages show.
func testPagesMatchTemplates(t *testing.T, orgs *renderOrgs) {
	db := orgs.db
	ctx := context.Background()
	ps := newPageServers(t, db)
	type org struct {
		name   string
		id     int64
		logins []*pageSessions
	}
	res := orgs.medium
	all := []org{
		{"demo", orgs.demoID, []*pageSessions{ps.signIn(t, demo.Email, demo.Password)}},
		{"medium", res.Org.ID, []*pageSessions{ps.signIn(t, res.Email, perfPassword), ps.signIn(t, keyResultOwner(t, db, res.Org.ID), perfPassword)}},
	}
	for _, o := range all {
		units, err := db.ListUnits(ctx, o.id, store.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		people, _, err := db.ListPeople(ctx, o.id, store.PersonFilter{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		periods, err := db.ListPeriods(ctx, o.id)
		if err != nil {
			t.Fatal(err)
		}
		s := o.logins[0]
		for li, lang := range i18n.Languages {
			s.language(t, lang)
			for _, period := range periods {
				q := fmt.Sprintf("period=%d", period.ID)
				s.same(t, http.StatusOK, http.MethodGet, "/?"+q, nil, false)
				s.same(t, http.StatusOK, http.MethodGet, "/alignment?"+q, nil, false)
				s.same(t, http.StatusOK, http.MethodGet, "/overview?"+q, nil, false)
				s.same(t, http.StatusOK, http.MethodGet, "/overview?"+q+"&page=2", nil, false)
				// Every unit's level of the tree and overview: in a
				// medium organisation every department's, and every
				// twentieth team's in each language in turn.
				for i, u := range units {
					if o.name == "medium" && u.Kind == okr.UnitTeam && i%20 != li {
						continue
					}
					uq := fmt.Sprintf("%s&unit=%d", q, u.ID)
					s.same(t, http.StatusOK, http.MethodGet, "/alignment/node?"+uq, nil, true)
					s.same(t, http.StatusOK, http.MethodGet, "/overview?"+uq, nil, false)
					s.same(t, http.StatusOK, http.MethodGet, fmt.Sprintf("/units/%d?%s", u.ID, q), nil, false)
					if li == 0 && u.Kind != okr.UnitTeam {
						s.same(t, http.StatusOK, http.MethodGet, "/alignment?"+uq, nil, false)
					}
				}
				for _, p := range people {
					s.same(t, http.StatusOK, http.MethodGet, fmt.Sprintf("/alignment?%s&person=%d", q, p.ID), nil, false)
					s.same(t, http.StatusOK, http.MethodGet, fmt.Sprintf("/overview?%s&person=%d", q, p.ID), nil, false)
					s.same(t, http.StatusOK, http.MethodGet, fmt.Sprintf("/people/%d?%s", p.ID, q), nil, false)
				}
			}
		}
		for _, s := range o.logins {
			for _, lang := range i18n.Languages {
				s.language(t, lang)
				s.same(t, http.StatusOK, http.MethodGet, "/", nil, false)
				checkInPages(t, s)
			}
		}
		t.Logf("%s: %d pages compared", o.name, o.logins[0].pages)
	}
}

// checkInPages compares the check-in form as shown and as posted with
// errors: a value that is no number (typed with characters that need
// escaping) for every numeric key result, a comment too long for the
// first, changed yes/no, milestones and confidences for the others.
// Nothing is saved: the form has errors.
func checkInPages(t *testing.T, s *pageSessions) {
	t.Helper()
	page := s.same(t, http.StatusOK, http.MethodGet, "/checkin", nil, false)
	ids := checkInIDs(page)
	if len(ids) == 0 {
		t.Fatalf("check-in form without key results:\n%s", page)
	}
	form := url.Values{}
	for i, id := range ids {
		switch i % 4 {
		case 0:
			form.Set("value-"+id, `<1+2> & "3"`)
			form.Set("confidence-"+id, string(okr.AtRisk))
		case 1:
			form.Set("done-"+id, "1")
			form.Set("comment-"+id, `Good "week" <b>+</b>`)
		case 2:
			form.Set("milestones-"+id, "1")
			form.Set("confidence-"+id, string(okr.OffTrack))
		}
	}
	form.Set("comment-"+ids[0], strings.Repeat("ø+", okr.MaxCommentLen))
	for _, hx := range []bool{false, true} {
		s.same(t, http.StatusUnprocessableEntity, http.MethodPost, "/checkin", form, hx)
	}
	if after := s.same(t, http.StatusOK, http.MethodGet, "/checkin", nil, false); after != page {
		t.Fatalf("the check-in form changed after posting with errors")
	}
}

// checkInIDs returns the key result ids of a check-in form, from its
// comment fields.
func checkInIDs(page string) []string {
	var ids []string
	for _, part := range strings.Split(page, `name="comment-`)[1:] {
		if i := strings.IndexByte(part, '"'); i > 0 {
			ids = append(ids, part[:i])
		}
	}
	return ids
}

// keyResultOwner returns the email of a person who owns an individual
// objective of the organisation, so has key results to check in.
func keyResultOwner(t *testing.T, db *store.DB, orgID int64) string {
	t.Helper()
	ctx := context.Background()
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{State: okr.StatePublished, Limit: 2000})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Owner.PersonID != nil {
			p, err := db.GetPerson(ctx, orgID, *o.Owner.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			return p.Email
		}
	}
	t.Fatal("no individual objective")
	return ""
}
