package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/store"
)

// followOut is something the caller follows.
type followOut struct {
	Kind      string    `json:"kind" enum:"person,unit,objective"`
	TargetID  int64     `json:"target_id"`
	CreatedAt time.Time `json:"created_at"`
}

// apiFollowIn names something to follow.
type apiFollowIn struct {
	Kind     string `json:"kind" enum:"person,unit,objective"`
	TargetID int64  `json:"target_id" minimum:"1"`
}

var followFields = fieldNames{}

func wireFollow(f store.Follow) followOut {
	return followOut{Kind: f.Kind, TargetID: f.TargetID, CreatedAt: f.CreatedAt}
}

func (a *API) registerFollows() {
	tags := []string{"Follows"}
	op(a, huma.Operation{OperationID: "list-follows", Method: http.MethodGet, Path: "/follows", Tags: tags,
		Summary: "List what I follow", Description: "The people, units and objectives the caller follows, oldest first."},
		followFields, a.listFollows)
	op(a, huma.Operation{OperationID: "follow", Method: http.MethodPost, Path: "/follows", Tags: tags,
		Summary: "Follow a person, unit or objective", Description: "Following again changes nothing.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusUnprocessableEntity}},
		followFields, a.follow)
	op(a, huma.Operation{OperationID: "unfollow", Method: http.MethodDelete, Path: "/follows/{kind}/{target_id}", Tags: tags,
		Summary: "Stop following", Description: "Unfollowing what one does not follow changes nothing.",
		DefaultStatus: http.StatusNoContent},
		followFields, a.unfollow)
}

// listFollows answers GET /follows.
func (a *API) listFollows(ctx context.Context, _ *struct{}) (*body[list[followOut]], error) {
	c := callerOf(ctx)
	list, err := a.db.ListFollows(ctx, c.org(), c.person.ID)
	if err != nil {
		return nil, err
	}
	all := page{Limit: len(list), Offset: 0}
	return listOf(mapSlice(list, wireFollow), len(list), all), nil
}

// followIn is the input of follow.
type followIn struct{ Body apiFollowIn }

// follow answers POST /follows.
func (a *API) follow(ctx context.Context, in *followIn) (*struct{}, error) {
	return nil, a.db.Follow(ctx, callerOf(ctx).actor, in.Body.Kind, in.Body.TargetID)
}

// unfollowIn is the input of unfollow.
type unfollowIn struct {
	Kind     string `path:"kind" enum:"person,unit,objective"`
	TargetID int64  `path:"target_id" minimum:"1"`
}

// unfollow answers DELETE /follows/{kind}/{target_id}.
func (a *API) unfollow(ctx context.Context, in *unfollowIn) (*struct{}, error) {
	return nil, a.db.Unfollow(ctx, callerOf(ctx).actor, in.Kind, in.TargetID)
}
