package store

import (
	"slices"
	"strconv"
	"testing"

	"github.com/okr-dev/okr/internal/okr"
)

// kinds returns the kinds of a person's notifications, newest first.
func kinds(tb testing.TB, db *DB, orgID, personID int64) []string {
	tb.Helper()
	var out []string
	for _, n := range must(db.ListNotifications(ctx, orgID, personID, 0, 50))(tb) {
		out = append(out, n.Kind)
	}
	return out
}

func fanOut(tb testing.TB, db *DB) []int64 {
	tb.Helper()
	return must(db.FanOutEvents(ctx, "https://okr.example.com", 0, 100))(tb)
}

// TestCommentsAndMentions walks the life of comments: everyone comments,
// mentions resolve by name or e-mail and fail naming the mention, only the
// author or an admin edits and deletes, deleting archives, and the people
// mentioned, the owners and the followers are notified once each, never
// the author.
func TestCommentsAndMentions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Vinne markedet", unitOwner(f.dept.ID))
		kr := f.mustKR(t, o.ID, "Flere kunder", increase(0, 10))
		must(0, db.Follow(ctx, as(f.admin), FollowObjective, o.ID))(t)

		// A member who neither owns nor leads comments on the KR and
		// mentions the other person by name and the lead by e-mail.
		c := must(db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID, KeyResultID: kr.ID},
			"Hva tenker @[otto other] og @["+f.lead.Email+"]?"))(t)
		if !slices.Equal(c.Mentions, []int64{f.other.ID, f.lead.ID}) || c.Version != 1 || *c.KeyResultID != kr.ID {
			t.Fatalf("AddComment = %+v, want mentions of other and lead at version 1 on the KR", c)
		}
		fanOut(t, db)
		for _, tt := range []struct {
			who  okr.Person
			want []string
		}{
			{f.other, []string{okr.NotifyMention}},
			{f.lead, []string{okr.NotifyMention}}, // a lead of the owner too: mentioned wins, once
			{f.admin, []string{okr.NotifyFollow}},
			{f.member, nil}, // the author
		} {
			if got := kinds(t, db, f.org.ID, tt.who.ID); !slices.Equal(got, tt.want) {
				t.Errorf("%s's notifications = %v, want %v", tt.who.Name, got, tt.want)
			}
		}
		if n := must(db.UnreadNotifications(ctx, f.org.ID, f.other.ID))(t); n != 1 {
			t.Errorf("other's unread = %d, want 1", n)
		}

		// A comment by the other person notifies the owner unit's lead.
		must(db.AddComment(ctx, as(f.other), CommentTarget{ObjectiveID: o.ID}, "Bra mål."))(t)
		fanOut(t, db)
		if got := kinds(t, db, f.org.ID, f.lead.ID); !slices.Equal(got, []string{okr.NotifyComment, okr.NotifyMention}) {
			t.Errorf("lead's notifications = %v, want comment then mention", got)
		}
		// Fanning out again makes nothing twice.
		if d := fanOut(t, db); len(d) != 0 || len(kinds(t, db, f.org.ID, f.lead.ID)) != 2 {
			t.Errorf("a second fan-out made %d deliveries and lead has %v", len(d), kinds(t, db, f.org.ID, f.lead.ID))
		}

		// Mentions that name nobody, or a shared name, fail naming it.
		f.mustPerson(t, "Otto Other", okr.RoleMember, nil)
		for _, body := range []string{"Hei @[Nobody Here]", "Hei @[Otto Other]", "   "} {
			_, err := db.AddComment(ctx, as(f.member), CommentTarget{ObjectiveID: o.ID}, body)
			wantField(t, err, "body")
		}

		// Only the author or an admin edits and deletes.
		_, err := db.EditComment(ctx, as(f.lead), c.ID, "Endret", c.Version)
		wantCode(t, err, okr.EFORBIDDEN)
		c2 := must(db.EditComment(ctx, as(f.member), c.ID, "Endret av meg, @[Ada Admin]", c.Version))(t)
		if c2.Version != 2 || c2.EditedAt == nil || !slices.Equal(c2.Mentions, []int64{f.admin.ID}) {
			t.Fatalf("EditComment = %+v, want version 2, edited, mentioning the admin", c2)
		}
		// Only the newly mentioned admin hears of the edit, as a mention.
		fanOut(t, db)
		if got := kinds(t, db, f.org.ID, f.admin.ID); !slices.Equal(got, []string{okr.NotifyMention, okr.NotifyFollow, okr.NotifyFollow}) {
			t.Errorf("admin's notifications after the edit = %v, want the mention on top", got)
		}
		if got := kinds(t, db, f.org.ID, f.other.ID); len(got) != 1 {
			t.Errorf("other's notifications after the edit = %v, want still one", got)
		}
		_, err = db.EditComment(ctx, as(f.member), c.ID, "Igjen", c.Version)
		wantCode(t, err, okr.ESTALE)
		wantCode(t, db.ArchiveComment(ctx, as(f.other), c.ID, c2.Version), okr.EFORBIDDEN)
		must(0, db.ArchiveComment(ctx, as(f.admin), c.ID, c2.Version))(t)
		left := must(db.ListComments(ctx, f.org.ID, o.ID))(t)
		if len(left) != 1 || left[0].Body != "Bra mål." {
			t.Fatalf("ListComments after deleting = %+v, want the other comment only", left)
		}
		var archived int
		if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE id = ? AND archived_at IS NOT NULL`, c.ID).Scan(&archived); err != nil || archived != 1 {
			t.Fatalf("the deleted comment's row: %d archived (%v), want kept and archived", archived, err)
		}

		// Every change is in the audit log, newest first.
		var actions []string
		for _, e := range must(db.ListAudit(ctx, f.org.ID, AuditFilter{ObjectType: "comment", ObjectID: c.ID}))(t) {
			actions = append(actions, e.Action)
		}
		if !slices.Equal(actions, []string{ActionArchive, ActionUpdate, ActionCreate}) {
			t.Errorf("the comment's audit entries = %v, want archive, update, create", actions)
		}

		// Reading: one, then all; nobody reads another's.
		ns := must(db.ListNotifications(ctx, f.org.ID, f.lead.ID, 0, 10))(t)
		_, err = db.MarkNotificationRead(ctx, as(f.other), ns[0].ID)
		wantCode(t, err, okr.ENOTFOUND)
		must(db.MarkNotificationRead(ctx, as(f.lead), ns[0].ID))(t)
		if n := must(db.UnreadNotifications(ctx, f.org.ID, f.lead.ID))(t); n != 1 {
			t.Errorf("lead's unread after reading one = %d, want 1", n)
		}
		must(0, db.MarkNotificationsRead(ctx, as(f.lead), 0))(t)
		if n := must(db.UnreadNotifications(ctx, f.org.ID, f.lead.ID))(t); n != 0 {
			t.Errorf("lead's unread after reading all = %d, want 0", n)
		}
	})
}

// TestCommentTenancy checks that nobody comments on, mentions or reads
// the comments and notifications of another organisation.
func TestCommentTenancy(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		a, b := mustFixture(t, db), mustFixture(t, db)
		oa := a.mustObjective(t, "A sitt mål", unitOwner(a.dept.ID))
		kra := a.mustKR(t, oa.ID, "A sitt KR", increase(0, 10))
		ob := b.mustObjective(t, "B sitt mål", unitOwner(b.dept.ID))
		for _, target := range []CommentTarget{{ObjectiveID: oa.ID}, {ObjectiveID: ob.ID, KeyResultID: kra.ID}} {
			_, err := db.AddComment(ctx, as(b.member), target, "Hei")
			wantCode(t, err, okr.ENOTFOUND)
		}
		// A mention of a person of another organisation names nobody.
		_, err := db.AddComment(ctx, as(b.member), CommentTarget{ObjectiveID: ob.ID}, "Hei @["+a.lead.Email+"]")
		wantField(t, err, "body")
		c := must(db.AddComment(ctx, as(a.member), CommentTarget{ObjectiveID: oa.ID}, "Hei @[Lea Lead]"))(t)
		fanOut(t, db)
		if cs := must(db.ListComments(ctx, b.org.ID, oa.ID))(t); len(cs) != 0 {
			t.Errorf("organisation B lists %d comments of A's objective", len(cs))
		}
		if _, err := db.GetComment(ctx, b.org.ID, c.ID); okr.ErrorCode(err) != okr.ENOTFOUND {
			t.Errorf("GetComment from B = %v, want ENOTFOUND", err)
		}
		_, err = db.EditComment(ctx, as(b.admin), c.ID, "Overtatt", c.Version)
		wantCode(t, err, okr.ENOTFOUND)
		wantCode(t, db.ArchiveComment(ctx, as(b.admin), c.ID, c.Version), okr.ENOTFOUND)
		if got := kinds(t, db, b.org.ID, a.lead.ID); len(got) != 0 {
			t.Errorf("A's lead's notifications listed in B: %v", got)
		}
		n := must(db.ListNotifications(ctx, a.org.ID, a.lead.ID, 0, 10))(t)
		if len(n) != 1 {
			t.Fatalf("A's lead has %d notifications, want 1", len(n))
		}
		_, err = db.MarkNotificationRead(ctx, as(b.admin), n[0].ID)
		wantCode(t, err, okr.ENOTFOUND)
	})
}

// TestEventsOfChanges checks which changes are events and what their
// payload says: a check-in, a state change, publishing, grading the last
// key result; the system actor's changes are none.
func TestEventsOfChanges(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := must(db.CreateObjective(ctx, as(f.lead), okr.Objective{PeriodID: f.period.ID, Title: "Utkast", Owner: unitOwner(f.dept.ID)}))(t)
		kr := must(db.CreateKeyResult(ctx, as(f.lead), okr.KeyResult{ObjectiveID: o.ID, Title: "Tall", Metric: increase(0, 10)}))(t)
		must(0, db.Follow(ctx, as(f.member), FollowUnit, f.dept.ID))(t)
		o.State = okr.StatePublished
		o = must(db.UpdateObjective(ctx, as(f.lead), o))(t)
		must(db.CreateCheckIns(ctx, as(f.lead), []okr.CheckIn{{KeyResultID: kr.ID, Value: 4, Confidence: okr.AtRisk, Comment: "Sakte"}}))(t)
		must(db.SetGrade(ctx, as(f.lead), okr.Grade{KeyResultID: kr.ID, Score: 0.4}, 0))(t)
		must(db.CreateCheckIns(ctx, f.sys, []okr.CheckIn{{KeyResultID: kr.ID, Value: 5, Confidence: okr.AtRisk}}))(t)
		fanOut(t, db)
		ns := must(db.ListNotifications(ctx, f.org.ID, f.member.ID, 0, 10))(t)
		var types []string
		for _, n := range ns {
			types = append(types, n.Event.Type)
		}
		want := []string{okr.EventGraded, okr.EventCheckIn, okr.EventPublished}
		if !slices.Equal(types, want) {
			t.Fatalf("the follower of the unit heard %v, want %v", types, want)
		}
		ci := ns[1].Event
		if ci.CheckIn == nil || ci.CheckIn.Value != 4 || ci.CheckIn.Comment != "Sakte" || ci.KeyResult.Title != "Tall" ||
			ci.Objective.Title != "Utkast" || ci.Actor.Name != "Lea Lead" || ci.Objective.Owner.Name != "Sales" ||
			ci.Objective.URL != "https://okr.example.com/objectives/"+strconv.FormatInt(o.ID, 10) || ci.Organisation.Name != "Acme" {
			t.Errorf("check-in payload = %+v, want the check-in, its KR, objective, owner, actor and link", ci)
		}
		if pub := ns[2].Event; pub.Change == nil || pub.Change.From != "draft" || pub.Change.To != "published" {
			t.Errorf("published payload change = %+v, want draft to published", pub.Change)
		}
		o.State = okr.StateClosed
		must(db.UpdateObjective(ctx, as(f.lead), o))(t)
		fanOut(t, db)
		if ns := must(db.ListNotifications(ctx, f.org.ID, f.member.ID, 0, 1))(t); ns[0].Event.Type != okr.EventStatusChanged {
			t.Errorf("closing made %s, want %s", ns[0].Event.Type, okr.EventStatusChanged)
		}
	})
}

// TestNotifyCheckInDue checks the in-app reminder of check-ins due: once
// per key, never for someone whose choices keep reminders from them
// (paused, turned off, channel none) or through another organisation.
func TestNotifyCheckInDue(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		for i, want := range []bool{true, false} {
			if made := must(db.NotifyCheckInDue(ctx, f.org.ID, f.member.ID, "checkin_due:2026-W10"))(t); made != want {
				t.Errorf("reminder %d made %v, want %v", i+1, made, want)
			}
		}
		ns := must(db.ListNotifications(ctx, f.org.ID, f.member.ID, 0, 10))(t)
		if len(ns) != 1 || ns[0].Kind != okr.NotifyReminder || ns[0].Event != nil || ns[0].Key != "checkin_due:2026-W10" {
			t.Fatalf("notifications = %+v, want one check-in reminder", ns)
		}
		if made := must(db.NotifyCheckInDue(ctx, f.org.ID+1000, f.member.ID, "checkin_due:2026-W11"))(t); made {
			t.Error("a reminder was made for a person through another organisation")
		}
		for i, prefs := range []okr.NotifyPrefs{{PauseReminders: true}, {Off: []string{okr.NotifyReminder}}, {Channel: okr.ChannelNone}} {
			p := must(db.GetPerson(ctx, f.org.ID, f.lead.ID))(t)
			must(db.SetNotifyPrefs(ctx, as(f.lead), f.lead.ID, prefs, p.Version))(t)
			if made := must(db.NotifyCheckInDue(ctx, f.org.ID, f.lead.ID, "checkin_due:2026-W1"+strconv.Itoa(i)))(t); made {
				t.Errorf("a reminder was made for someone whose choices are %+v", prefs)
			}
		}
	})
}

// TestNotificationChannels checks that the choices steer the fan-out: the
// in-app channel gets the bell only, none gets nothing, a kind turned off
// nothing in any channel.
func TestNotificationChannels(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "Mål", unitOwner(f.dept.ID))
		set := func(p okr.Person, prefs okr.NotifyPrefs) {
			cur := must(db.GetPerson(ctx, f.org.ID, p.ID))(t)
			must(db.SetNotifyPrefs(ctx, as(p), p.ID, prefs, cur.Version))(t)
		}
		set(f.lead, okr.NotifyPrefs{Channel: okr.ChannelInApp})
		set(f.member, okr.NotifyPrefs{Channel: okr.ChannelNone})
		set(f.other, okr.NotifyPrefs{Off: []string{okr.NotifyMention}})
		must(db.AddComment(ctx, as(f.admin), CommentTarget{ObjectiveID: o.ID}, "@[Lea Lead] @[Mo Member] @[Otto Other]"))(t)
		fanOut(t, db)
		for _, tt := range []struct {
			who  okr.Person
			want int
		}{{f.lead, 1}, {f.member, 0}, {f.other, 0}} {
			if got := len(kinds(t, db, f.org.ID, tt.who.ID)); got != tt.want {
				t.Errorf("%s has %d notifications, want %d", tt.who.Name, got, tt.want)
			}
		}
	})
}
