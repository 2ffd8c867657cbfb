package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file with its content hash.
type asset struct {
	name  string // path under static/, e.g. "app.css"
	hash  string // first 10 hex digits of its SHA-256
	body  []byte
	ctype string
}

// assets indexes the embedded static files by name and by hashed URL. Built
// once at start; read-only afterwards.
type assets struct {
	byName map[string]*asset
	byURL  map[string]*asset
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		f := &asset{name: name, hash: hex.EncodeToString(sum[:])[:10], body: body, ctype: ct}
		a.byName[name] = f
		a.byURL[hashedName(name, f.hash)] = f
		return nil
	})
	return a, err
}

// hashedName puts the hash before the extension: "app.css" → "app.0123abcd45.css".
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// URL returns the content-addressed URL of a static file, e.g.
// "/static/app.0123abcd45.css". It panics on an unknown name, which the
// template tests catch at build time.
func (a *assets) URL(name string) string {
	f, ok := a.byName[name]
	if !ok {
		panic("web: unknown static file " + name)
	}
	return "/static/" + hashedName(name, f.hash)
}

// ServeHTTP serves /static/{file}. A hashed URL never changes content, so
// it is cached for a year; a plain name (or an old hash) gets the current
// file with a short cache life.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	f, immutable := a.byURL[name]
	if !immutable {
		f = a.byName[name]
	}
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	if immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("ETag", `"`+f.hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}
