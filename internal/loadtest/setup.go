package loadtest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

// Prepare reads what the load picks from in the organisation's current
// period and picks n users, spread over the organisation, who own at least
// five key results of published objectives. It gives each an API token and
// the password pw (the server's sign-in then gives them a session: see
// SignIn).
func Prepare(ctx context.Context, db *store.DB, orgID int64, n int, pw string) (*Catalog, error) {
	period, err := db.CurrentPeriod(ctx, orgID, time.Now())
	if err != nil {
		return nil, err
	}
	cat := &Catalog{org: orgID, period: period.ID}
	objs, _, err := db.ListObjectives(ctx, orgID, store.ObjectiveFilter{PeriodID: period.ID})
	if err != nil {
		return nil, err
	}
	owned := map[int64][]okr.Objective{}
	for _, o := range objs {
		cat.objectives = append(cat.objectives, o.ID)
		if o.Owner.PersonID != nil && o.State == okr.StatePublished {
			owned[*o.Owner.PersonID] = append(owned[*o.Owner.PersonID], o)
		}
	}
	units, err := db.ListUnits(ctx, orgID, store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		switch u.Kind {
		case okr.UnitTeam:
			cat.teams = append(cat.teams, u.ID)
		case okr.UnitDepartment:
			cat.depts = append(cat.depts, u.ID)
		}
	}
	if len(cat.objectives) == 0 || len(cat.teams) == 0 || len(cat.depts) == 0 {
		return nil, fmt.Errorf("loadtest: the organisation's current period %q has no objectives, teams or departments", period.Name)
	}
	if err := cat.pickUsers(ctx, db, orgID, owned, n, pw); err != nil {
		return nil, err
	}
	return cat, nil
}

// pickUsers takes every k-th person with objectives of their own so that the
// users spread over the tree, and sets them up.
func (c *Catalog) pickUsers(ctx context.Context, db *store.DB, orgID int64, owned map[int64][]okr.Objective, n int, pw string) error {
	people, _, err := db.ListPeople(ctx, orgID, store.PersonFilter{})
	if err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	step := max(1, len(people)/(2*n))
	sys := store.SystemActor(orgID)
	for i := 0; i < len(people) && len(c.users) < n; i += step {
		p := people[i]
		objs := owned[p.ID]
		if len(objs) == 0 {
			continue
		}
		ids := make([]int64, len(objs))
		u := &user{person: p, versions: map[int64]int64{}}
		for j, o := range objs {
			ids[j], u.versions[o.ID] = o.ID, o.Version
		}
		krs, err := db.ListKeyResults(ctx, orgID, ids, false)
		if err != nil {
			return err
		}
		if len(krs) < 5 {
			continue
		}
		u.objectives, u.krs = ids, krs[:5]
		if u.token, _, err = db.CreateToken(ctx, sys, p.ID, "okr loadtest"); err != nil {
			return err
		}
		if err := db.SetPassword(ctx, p.ID, hash); err != nil {
			return err
		}
		c.users = append(c.users, u)
	}
	if len(c.users) < n {
		return fmt.Errorf("loadtest: found %d people with five key results of their own, want %d", len(c.users), n)
	}
	return nil
}

// SignIn signs every user in through the server's sign-in form with pw and
// keeps their session cookie.
func (c *Catalog) SignIn(ctx context.Context, base, pw string) error {
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	for _, u := range c.users {
		form := url.Values{"email": {u.person.Email}, "password": {pw}, "next": {"/"}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/signin", strings.NewReader(form.Encode()))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("loadtest: sign-in of %s: status %d, want 303", u.person.Email, res.StatusCode)
		}
		for _, ck := range res.Cookies() {
			u.cookie += ck.Name + "=" + ck.Value + "; "
		}
		if u.cookie == "" {
			return fmt.Errorf("loadtest: sign-in of %s gave no session cookie", u.person.Email)
		}
	}
	return nil
}

// Users returns the number of users prepared.
func (c *Catalog) Users() int { return len(c.users) }

// Org is the organisation the load test drives.
func (c *Catalog) Org() int64 { return c.org }
