package web

import "net/http"

// registerPages mounts the HTML pages and static files.
func (s *Server) registerPages(mux *http.ServeMux) {}
