// Package server is Hearth's static server: it ships the bundle under
// /hearth/ and a site (the demo shop) at / (site.go: compressed, streamed,
// hashed names immutable). It is one http.Handler built on
// http.ServeContent, so the same handler can run natively or at the edge.
package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/manifest"
)

// Prefix is where the bundle is served.
const Prefix = "/hearth/"

// Header values of the serving policy, shared with the edge build, which
// writes them into Workers static assets' _headers file.
const (
	// CacheImmutable is for files whose name carries their content hash.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheRevalidate is for the loader and pages: cached, but checked
	// with the server before each use.
	CacheRevalidate = "no-cache"
	// ReferrerPolicy is sent with pages: the path never leaves the site.
	ReferrerPolicy = "same-origin"
	// CORP lets another origin's page load the loader and the module.
	CORP = "cross-origin"
	// Methods are the only methods served.
	Methods = "GET, HEAD"
)

// maxPath bounds request paths; no real asset or page is longer.
const maxPath = 1024

// types are the Content-Types served, by extension (lower case): the web's
// common ones, from this table rather than the machine's mime.types, so every
// deployment answers alike. Anything else is application/octet-stream, and
// nothing is ever sniffed (nosniff).
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".mp3":         "audio/mpeg",
	".pdf":         "application/pdf",
}

// contentType is the Content-Type for a file name.
func contentType(name string) string {
	if t, ok := types[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// file is one representation of a bundle file, read once at start, with
// its headers ready to assign.
type file struct {
	data   []byte
	etag   string
	etagH  []string
	length []string
}

// Header values shared by every response (net/http never mutates them).
var (
	hNosniff   = []string{"nosniff"}
	hVary      = []string{"Accept-Encoding"}
	hAnyOrigin = []string{"*"}
	hCORP      = []string{CORP}
	hImmutable = []string{CacheImmutable}
	hNoCache   = []string{CacheRevalidate}
	hBr        = []string{"br"}
	hGzip      = []string{"gzip"}
)

// asset is a bundle file and its precompressed twins.
type asset struct {
	raw, gz, br *file
	ctype       []string
	immutable   bool
}

// Handler serves a bundle and a site.
type Handler struct {
	assets map[string]*asset // by file name under Prefix
	site   fs.FS
	// CSP is the Content-Security-Policy sent with pages (New sets the
	// recommended CSP; "" sends none). See PagePolicy and CheckCSP.
	CSP string
	// Reports, when the site measures, takes the reports at ReportPath,
	// and /healthz then answers 503 while they cannot be counted. nil:
	// ReportPath is a 404 like any other missing file.
	Reports *Reports
	cache   siteCache // the site files' validators and compressed forms
}

// New reads the bundle from dist (a directory written by `go run ./build`,
// with manifest.json) and serves site at /. A nil dist or site serves
// nothing there: at the edge, Workers static assets serve both and the
// handler answers only what they cannot (see server/worker).
func New(dist, site fs.FS) (*Handler, error) {
	h := &Handler{assets: map[string]*asset{}, site: site, CSP: CSP}
	if dist == nil {
		return h, nil
	}
	m, err := manifest.Read(dist)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	for logical, f := range m.Files {
		a := &asset{ctype: []string{contentType(f.File)}, immutable: f.Hashed}
		if a.raw, err = load(dist, f.File, ""); err != nil {
			return nil, fmt.Errorf("server: %s: %w", logical, err)
		}
		a.gz, _ = load(dist, f.File+".gz", "-gz")
		a.br, _ = load(dist, f.File+".br", "-br")
		h.assets[f.File] = a
	}
	return h, nil
}

func load(fsys fs.FS, name, tag string) (*file, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	e := etag(b, tag)
	return &file{data: b, etag: e, etagH: []string{e}, length: []string{strconv.Itoa(len(b))}}, nil
}

// etag is a strong validator from the content; each representation gets its
// own (RFC 9110 §8.8.3).
func etag(b []byte, tag string) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:12]) + tag + `"`
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd["X-Content-Type-Options"] = hNosniff
	if h.Reports != nil && r.URL.Path == ReportPath {
		h.Reports.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", Methods)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if len(p) > maxPath || strings.ContainsAny(p, "\\\x00") || !strings.HasPrefix(p, "/") {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if p == "/healthz" {
		hd.Set("Cache-Control", "no-store")
		if h.Reports != nil {
			if err := h.Reports.Healthy(r.Context()); err != nil { // reports would be refused: not healthy
				http.Error(w, "measurement: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprintln(w, "ok")
		return
	}
	if rest, ok := strings.CutPrefix(p, Prefix); ok {
		h.serveAsset(w, r, rest)
		return
	}
	h.serveSite(w, r, p)
}

func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	a := h.assets[name]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd["Vary"] = hVary
	hd["Access-Control-Allow-Origin"] = hAnyOrigin
	hd["Cross-Origin-Resource-Policy"] = hCORP
	if a.immutable {
		hd["Cache-Control"] = hImmutable
	} else {
		hd["Cache-Control"] = hNoCache
	}
	hd["Content-Type"] = a.ctype
	f := a.raw
	switch enc := r.Header.Get("Accept-Encoding"); {
	case a.br != nil && accepts(enc, "br"):
		f = a.br
		hd["Content-Encoding"] = hBr
	case a.gz != nil && accepts(enc, "gzip"):
		f = a.gz
		hd["Content-Encoding"] = hGzip
	}
	hd["Etag"] = f.etagH
	if plain(r) {
		// Nothing conditional or partial: what ServeContent would do, without
		// its parsing. Most requests for the bundle are like this.
		hd["Content-Length"] = f.length
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(f.data)
		}
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
}

// Hidden reports whether a site path (slash-separated, no leading slash)
// names a dotfile or lies in a dot directory (.env, .git/config), or is a
// SQLite database or its journal (measurement's counts, wherever an owner
// left them: x.sqlite, x.sqlite-wal): never served, natively or at the
// edge. /.well-known/ (RFC 8615) is the one exception.
func Hidden(name string) bool {
	for i, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." && !(i == 0 && seg == ".well-known") {
			return true
		}
	}
	return strings.Contains(strings.ToLower(path.Base(name)), ".sqlite")
}

// redirectDir sends a directory's path without its slash to the directory
// (its index.html). The target is built from the cleaned name, never from the
// request's path: a path like //host/../c decoded from %2f would otherwise
// become a protocol-relative Location to another host. The query is kept.
func redirectDir(w http.ResponseWriter, r *http.Request, name string) {
	target := "/"
	if name != "." {
		target = "/" + name + "/"
	}
	u := url.URL{Path: target, RawQuery: r.URL.RawQuery}
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusMovedPermanently)
}

// plain reports whether a request has no conditional or Range header.
func plain(r *http.Request) bool {
	for _, k := range []string{"Range", "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range"} {
		if _, ok := r.Header[k]; ok {
			return false
		}
	}
	return true
}

// accepts reports whether an Accept-Encoding value allows coding (with a
// non-zero q), per RFC 9110 §12.5.3.
func accepts(header, coding string) bool {
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			return strings.Trim(q, "0.") != ""
		}
		return true
	}
	return false
}

// notFound answers 404 with the site's own 404.html when it has one (as
// static hosts and the edge build do), else a plain text line.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	var b []byte
	err := fs.ErrNotExist
	if h.site != nil {
		b, err = fs.ReadFile(h.site, "404.html")
	}
	if err != nil {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", types[".html"])
	hd.Set("Cache-Control", CacheRevalidate)
	h.pageHeaders(hd)
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// serveSite serves the site's files; a directory serves its index.html and
// never a listing.
func (h *Handler) serveSite(w http.ResponseWriter, r *http.Request, p string) {
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name == "" {
		name = "."
	}
	if h.site == nil || !fs.ValidPath(name) || Hidden(name) {
		h.notFound(w, r)
		return
	}
	st, err := fs.Stat(h.site, name)
	if err == nil && st.IsDir() {
		if !strings.HasSuffix(p, "/") {
			redirectDir(w, r, name)
			return
		}
		name = path.Join(name, "index.html")
		st, err = fs.Stat(h.site, name)
	}
	if err != nil || !st.Mode().IsRegular() {
		// Missing, not a file, or outside the site (os.Root refuses a
		// symlink that leads out): to the visitor, all are not found.
		h.notFound(w, r)
		return
	}
	if strings.HasSuffix(name, ".html") {
		h.pageHeaders(w.Header())
	}
	h.serveFile(w, r, name, st)
}

// pageHeaders sets what every page gets: the referrer policy and the CSP.
func (h *Handler) pageHeaders(hd http.Header) {
	hd.Set("Referrer-Policy", ReferrerPolicy)
	if h.CSP != "" {
		hd.Set("Content-Security-Policy", h.CSP)
	}
}
