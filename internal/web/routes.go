package web

import "net/http"

// Access is who may use a page route. Public routes need no session;
// every other route needs a signed-in member of the organisation, and Admin
// routes an admin. Read, Write and Edit are all members: they say what the
// route does for a member who neither owns nor leads what it is about, so
// that page_roles_test.go can check every route for every role.
type Access int

const (
	Public Access = iota // anyone, signed in or not
	Read                 // every member reads
	Write                // every member may post
	Edit                 // owners, leads and admins change the object; others get 403
	Admin                // organisation admins only
)

// pageRoute is one page route: its pattern, who may use it and its
// handler.
type pageRoute struct {
	Pattern string
	Access  Access
	handler handlerFunc
}

// pageRoutes is the table of every page route, grouped by access. The
// router mounts exactly this table (registerPages) and the role test walks
// it: a route is added here and nowhere else.
func (s *Server) pageRoutes() []pageRoute {
	return []pageRoute{
		// Public: anyone, signed in or not.
		{"GET /signin", Public, s.signInPage},
		{"POST /signin", Public, s.signIn},
		{"POST /signout", Public, s.signOut},
		{"GET /sso/start/{slug}", Public, s.ssoStartOrg},
		{"POST /sso/start", Public, s.ssoStartEmail},
		{"GET /sso/callback", Public, s.ssoCallback},
		{"POST /language", Public, s.setLanguage},
		{"GET /forgot", Public, s.forgotPage},
		{"POST /forgot", Public, s.forgot},
		{"GET /reset/{token}", Public, s.setPasswordPage},
		{"POST /reset/{token}", Public, s.setPassword},
		{"GET /invite/{token}", Public, s.setPasswordPage},
		{"POST /invite/{token}", Public, s.setPassword},
		// Read: every member of the organisation (all OKRs are public inside it).
		{"GET /alignment", Read, s.alignmentMapPage},
		{"GET /alignment/children", Read, s.alignmentMapChildren},
		{"GET /alignment/units", Read, s.alignmentPage},
		{"GET /alignment/node", Read, s.alignmentNode},
		{"GET /checkin", Read, s.checkInPage},
		{"GET /profile", Read, s.profilePage},
		{"GET /objectives/new", Read, s.newObjectivePage},
		{"GET /history/{type}/{id}", Read, s.historyPage},
		{"GET /{$}", Read, s.homePage},
		{"GET /kpis", Read, s.kpisPage},
		{"GET /kpis/{id}", Read, s.kpiPage},
		{"GET /kpis/new", Read, s.newKPIPage},
		{"GET /objectives/{id}", Read, s.objectivePage},
		{"GET /krs/{id}/checkins", Read, s.krCheckIns},
		{"GET /overview", Read, s.overviewPage},
		{"GET /overview/export.csv", Read, s.exportCSV},
		{"GET /progress", Read, s.progressPage},
		{"GET /changes", Read, s.changesPage},
		{"GET /overview/export.xlsx", Read, s.exportXLSX},
		{"GET /people", Read, s.peoplePage},
		{"GET /people/{id}", Read, s.personPage},
		{"GET /units/{id}", Read, s.unitPage},
		{"GET /review", Read, s.reviewPage},
		{"GET /review/{pid}/report", Read, s.reviewReport},
		{"GET /review/{pid}/report.md", Read, s.reviewMarkdown},
		{"GET /review/{pid}/report.pdf", Read, s.reviewPDF},
		{"GET /notifications", Read, s.notificationsPage},
		{"GET /notifications/settings", Read, s.notificationChoicesMoved},
		{"GET /mentions", Read, s.mentionSuggestions},
		// Write: every member may post (their own check-ins and drafts, follows, the live coach).
		{"POST /checkin", Write, s.checkInSave},
		{"POST /profile", Write, s.saveProfile},
		{"POST /coach/objective", Write, s.coachObjectiveLive},
		{"POST /coach/key-result", Write, s.coachKRLive},
		{"POST /objectives", Write, s.createObjective},
		{"POST /kpis", Write, s.createKPI},
		{"POST /follow", Write, s.follow},
		{"POST /unfollow", Write, s.unfollow},
		{"POST /objectives/{id}/comments", Write, s.addComment},
		// Edit of a comment: its author or an admin (okr.Actor.MayEditComment).
		{"POST /comments/{id}/edit", Edit, s.editComment},
		{"POST /comments/{id}/archive", Edit, s.archiveComment},
		// Edit: owners, leads of the owning unit or a unit above it, and admins (okr.Actor decides; the handler asks it).
		{"POST /krs/{id}/checkin", Edit, s.quickCheckInSave},
		{"POST /krs/{id}/initiatives", Edit, s.createInitiative},
		{"GET /initiatives/{id}/edit", Edit, s.editInitiativePage},
		{"POST /initiatives/{id}/edit", Edit, s.updateInitiative},
		{"POST /initiatives/{id}/archive", Edit, s.archiveInitiative},
		{"POST /objectives/{id}/krs", Edit, s.createKR},
		{"GET /krs/{id}/edit", Edit, s.editKRPage},
		{"POST /krs/{id}/edit", Edit, s.updateKR},
		{"GET /objectives/{id}/move", Edit, s.moveObjectivePage},
		{"POST /objectives/{id}/move", Edit, s.moveObjective},
		{"GET /objectives/{id}/clone", Edit, s.cloneObjectivePage},
		{"POST /objectives/{id}/clone", Edit, s.cloneObjective},
		{"POST /krs/{id}/move", Edit, s.moveKR},
		{"POST /krs/{id}/to-initiative", Edit, s.krToInitiative},
		{"GET /objectives/{id}/edit", Edit, s.editObjectivePage},
		{"POST /objectives/{id}/edit", Edit, s.updateObjective},
		{"POST /objectives/{id}/state", Edit, s.setObjectiveState},
		{"POST /objectives/{id}/archive", Edit, s.archiveObjective},
		{"POST /objectives/{id}/restore", Edit, s.restoreObjective},
		{"POST /krs/{id}/archive", Edit, s.archiveKR},
		{"POST /krs/{id}/restore", Edit, s.restoreKR},
		{"GET /kpis/{id}/edit", Edit, s.editKPIPage},
		{"POST /kpis/{id}/edit", Edit, s.updateKPI},
		{"POST /kpis/{id}/archive", Edit, s.archiveKPI},
		{"POST /kpis/{id}/restore", Edit, s.restoreKPI},
		{"POST /kpis/{id}/values", Edit, s.addKPIValue},
		{"GET /review/{pid}/objectives/{id}", Edit, s.gradePage},
		{"POST /review/{pid}/objectives/{id}", Edit, s.saveGrades},
		{"GET /review/{pid}/carry", Write, s.carryPage},
		{"POST /review/{pid}/carry", Write, s.carrySave},
		{"POST /review/{pid}/objectives/{id}/preview", Edit, s.previewGrades},
		// Admin: organisation admins only.
		{"GET /admin", Admin, s.adminPage},
		{"GET /admin/people", Admin, s.adminPeoplePage},
		{"GET /admin/people/{id}", Admin, s.adminPersonPage},
		{"POST /admin/people/{id}", Admin, s.updatePerson},
		{"POST /admin/people/{id}/archive", Admin, s.archivePerson},
		{"POST /admin/people/{id}/restore", Admin, s.restorePerson},
		{"POST /admin/people/{id}/link", Admin, s.sendPersonLink},
		{"GET /admin/invitations", Admin, s.invitePage},
		{"POST /admin/invitations", Admin, s.invite},
		{"GET /admin/periods", Admin, s.adminPeriodsPage},
		{"POST /admin/periods", Admin, s.createPeriod},
		{"GET /admin/periods/{id}", Admin, s.adminPeriodPage},
		{"POST /admin/periods/{id}", Admin, s.updatePeriod},
		{"POST /admin/periods/{id}/archive", Admin, s.archivePeriod},
		{"POST /admin/periods/{id}/restore", Admin, s.restorePeriod},
		{"GET /admin/settings", Admin, s.settingsPage},
		{"POST /admin/settings", Admin, s.saveSettings},
		{"GET /admin/jobs", Admin, s.adminJobsPage},
		{"POST /admin/jobs/{id}/retry", Admin, s.retryJob},
		{"GET /admin/sso", Admin, s.ssoSettingsPage},
		{"POST /admin/sso", Admin, s.saveSSOSettings},
		{"GET /admin/provisioning", Admin, s.adminProvisioningPage},
		{"POST /admin/provisioning/token", Admin, s.createSCIMToken},
		{"POST /admin/provisioning/revoke", Admin, s.revokeSCIMToken},
		{"GET /admin/units", Admin, s.adminUnitsPage},
		{"POST /admin/units", Admin, s.createUnit},
		{"GET /admin/units/{id}", Admin, s.adminUnitPage},
		{"POST /admin/units/{id}", Admin, s.updateUnit},
		{"POST /admin/units/{id}/archive", Admin, s.archiveUnit},
		{"POST /admin/units/{id}/restore", Admin, s.restoreUnit},
		{"GET /admin/hooks", Admin, s.adminHooksPage},
		{"POST /admin/hooks", Admin, s.createHook},
		{"GET /admin/hooks/{id}", Admin, s.adminHookPage},
		{"POST /admin/hooks/{id}/archive", Admin, s.archiveHook},
	}
}

// wrap gives a route's handler the checks its access needs.
func (s *Server) wrap(a Access, h handlerFunc) http.Handler {
	switch a {
	case Public:
		return s.handle(h)
	case Admin:
		return s.admin(h)
	}
	return s.member(h)
}
