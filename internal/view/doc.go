// Package view is okr's read model: what the pages and the JSON API show,
// computed from the store and kept between requests, without HTTP.
package view
