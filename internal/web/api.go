package web

import "net/http"

// registerAPI mounts the JSON API under /api/v1.
func (s *Server) registerAPI(mux *http.ServeMux) {}
