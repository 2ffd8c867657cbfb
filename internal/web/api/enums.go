package api

import (
	"github.com/danielgtaylor/huma/v2"

	"github.com/okr-dev/okr/internal/okr"
)

// The API document takes the enums that are domain rules from the domain's
// lists, so that a new metric kind or language reaches the document and
// the request validation without an edit here.

func (metricOut) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "kind", okr.MetricKindNames())
}

func (metricIn) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "kind", okr.MetricKindNames())
}

func (metricPatch) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "kind", okr.MetricKindNames())
}

// withEnum sets the enum of s's property prop to values and returns s.
func withEnum(s *huma.Schema, prop string, values []string) *huma.Schema {
	enum := make([]any, len(values))
	for i, v := range values {
		enum[i] = v
	}
	s.Properties[prop].Enum = enum
	return s
}

func (coachIn) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "language", okr.Languages())
}

func (settingsOut) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "language", okr.Languages())
}

func (settingsPatch) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "language", okr.Languages())
}

// A person's language may be empty: the browser's then.

func (personCreate) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "language", append(okr.Languages(), ""))
}

func (personPatch) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	return withEnum(s, "language", append(okr.Languages(), ""))
}
