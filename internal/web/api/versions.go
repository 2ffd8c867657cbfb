package api

import (
	"context"
)

// The current version of an object, for writes whose If-Match ("*", or a
// list of ETags) cannot be handed to the store as one expected version.
// Each returns ENOTFOUND like the getter it wraps.

func (a *API) unitVersion(ctx context.Context, orgID, id int64) (int64, error) {
	u, err := a.db.GetUnit(ctx, orgID, id)
	return u.Version, err
}

func (a *API) personVersion(ctx context.Context, orgID, id int64) (int64, error) {
	p, err := a.db.GetPerson(ctx, orgID, id)
	return p.Version, err
}

func (a *API) periodVersion(ctx context.Context, orgID, id int64) (int64, error) {
	p, err := a.db.GetPeriod(ctx, orgID, id)
	return p.Version, err
}

func (a *API) objectiveVersion(ctx context.Context, orgID, id int64) (int64, error) {
	o, err := a.db.GetObjective(ctx, orgID, id)
	return o.Version, err
}

func (a *API) keyResultVersion(ctx context.Context, orgID, id int64) (int64, error) {
	kr, err := a.db.GetKeyResult(ctx, orgID, id)
	return kr.Version, err
}

func (a *API) initiativeVersion(ctx context.Context, orgID, id int64) (int64, error) {
	in, err := a.db.GetInitiative(ctx, orgID, id)
	return in.Version, err
}

func (a *API) kpiVersion(ctx context.Context, orgID, id int64) (int64, error) {
	k, err := a.db.GetKPI(ctx, orgID, id)
	return k.Version, err
}
