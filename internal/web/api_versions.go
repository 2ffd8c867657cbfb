package web

import (
	"context"
)

// The current version of an object, for writes whose If-Match ("*", or a
// list of ETags) cannot be handed to the store as one expected version.
// Each returns ENOTFOUND like the getter it wraps.

func (a *apiServer) unitVersion(ctx context.Context, orgID, id int64) (int64, error) {
	u, err := a.s.DB.GetUnit(ctx, orgID, id)
	return u.Version, err
}

func (a *apiServer) personVersion(ctx context.Context, orgID, id int64) (int64, error) {
	p, err := a.s.DB.GetPerson(ctx, orgID, id)
	return p.Version, err
}

func (a *apiServer) periodVersion(ctx context.Context, orgID, id int64) (int64, error) {
	p, err := a.s.DB.GetPeriod(ctx, orgID, id)
	return p.Version, err
}

func (a *apiServer) objectiveVersion(ctx context.Context, orgID, id int64) (int64, error) {
	o, err := a.s.DB.GetObjective(ctx, orgID, id)
	return o.Version, err
}

func (a *apiServer) keyResultVersion(ctx context.Context, orgID, id int64) (int64, error) {
	kr, err := a.s.DB.GetKeyResult(ctx, orgID, id)
	return kr.Version, err
}

func (a *apiServer) initiativeVersion(ctx context.Context, orgID, id int64) (int64, error) {
	in, err := a.s.DB.GetInitiative(ctx, orgID, id)
	return in.Version, err
}

func (a *apiServer) kpiVersion(ctx context.Context, orgID, id int64) (int64, error) {
	k, err := a.s.DB.GetKPI(ctx, orgID, id)
	return k.Version, err
}
