package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"
)

// A site's files are served as static hosts serve them: each file's
// validator (a SHA-256 ETag) is computed once per change of the file, not
// per request; text files go out compressed (a precompressed sidecar,
// name.br or name.gz, when the site has a fresh one; else gzip, made once
// and kept, up to maxKept bytes of copies in all); every file streams from
// disk with Range support (http.ServeContent over the open file, so a video
// is never read whole);
// and names that carry a content hash are cached for a year.

// maxCompress bounds the text files gzipped in memory; larger ones stream as
// they are (or from a sidecar).
const maxCompress = 4 << 20

// compressible are the text types worth compressing.
var compressible = map[string]bool{
	".html": true, ".htm": true, ".js": true, ".mjs": true, ".css": true, ".json": true, ".map": true,
	".webmanifest": true, ".xml": true, ".txt": true, ".csv": true, ".svg": true, ".wasm": true,
}

// hashedName matches a name that carries its content's hash, as bundlers
// write them (app.3f2a9c1b.js, chunk-5e7d2a91b3.css): a segment of at least
// 8 letters and digits, with a digit, just before the extension.
var hashedName = regexp.MustCompile(`[.-]([0-9A-Za-z_]*[0-9][0-9A-Za-z_]*)\.[0-9A-Za-z]+$`)

// Hashed reports whether a site file's name carries a content hash, so that
// it can be cached as immutable.
func Hashed(name string) bool {
	m := hashedName.FindStringSubmatch(path.Base(name))
	return m != nil && len(m[1]) >= 8 && strings.ContainsAny(m[1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// siteFile is what is kept of one site file until it changes.
type siteFile struct {
	size int64
	mod  time.Time
	etag string
	gz   []byte // gzip of the file, for a compressible one (nil: none)
}

// codedETag is the validator of a file's representation in a coding: the
// file's own, marked with it, so that each coding caches apart.
func codedETag(etag, coding string) string {
	return strings.TrimSuffix(etag, `"`) + "-" + coding + `"`
}

// maxKept bounds the gzip copies kept in memory all together: a site of
// many text files costs at most this much, the rest are gzipped again when
// asked for (each file once, until it is dropped in turn).
const maxKept = 64 << 20

// siteCache holds siteFiles by name.
type siteCache struct {
	mu     sync.Mutex
	files  map[string]*siteFile
	making map[string]*making // entries being made, one at a time per name
	kept   int64              // bytes of gzip copies in files (their buffers' capacity)
	limit  int64              // bound on kept (0: maxKept)
	made   int                // entries made, for the tests
}

// making is one entry being made; the requests that want it meanwhile wait
// for it instead of gzipping the same file again at once.
type making struct {
	done chan struct{}
	f    *siteFile
	err  error
}

// file returns the entry for name as it is now (st), made anew when the
// file changed size or modification time since.
func (c *siteCache) file(site fs.FS, name string, st fs.FileInfo) (*siteFile, error) {
	c.mu.Lock()
	f := c.files[name]
	if f != nil && f.size == st.Size() && f.mod.Equal(st.ModTime()) {
		c.mu.Unlock()
		return f, nil
	}
	if m := c.making[name]; m != nil {
		c.mu.Unlock()
		<-m.done
		if m.err == nil && m.f.size == st.Size() && m.f.mod.Equal(st.ModTime()) {
			return m.f, nil
		}
		return c.file(site, name, st) // the file changed meanwhile
	}
	if c.making == nil {
		c.making = map[string]*making{}
	}
	m := &making{done: make(chan struct{})}
	c.making[name] = m
	c.made++
	c.mu.Unlock()
	m.f, m.err = c.make(site, name, st)
	c.mu.Lock()
	delete(c.making, name)
	c.mu.Unlock()
	close(m.done)
	return m.f, m.err
}

// make reads the file: its validator, and its gzip copy when it is worth one.
func (c *siteCache) make(site fs.FS, name string, st fs.FileInfo) (*siteFile, error) {
	f := &siteFile{size: st.Size(), mod: st.ModTime()}
	r, err := site.Open(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	sum := sha256.New()
	var gz bytes.Buffer
	w := io.Writer(sum)
	var zw *gzip.Writer
	if compressible[strings.ToLower(path.Ext(name))] && st.Size() >= 512 && st.Size() <= maxCompress {
		zw, _ = gzip.NewWriterLevel(&gz, gzip.BestCompression)
		w = io.MultiWriter(sum, zw)
	}
	if _, err := io.Copy(w, r); err != nil {
		return nil, err
	}
	f.etag = `"` + hex.EncodeToString(sum.Sum(nil)[:12]) + `"`
	if zw != nil && zw.Close() == nil && gz.Len() < int(st.Size()) {
		f.gz = bytes.Clone(gz.Bytes()) // the buffer grew by doubling: keep only what is used
	}
	c.put(name, f)
	return f, nil
}

// put keeps f under name, dropping other entries with a gzip copy (any:
// Go's map order) while the copies would pass the bound. A dropped entry is made again
// on its next request.
func (c *siteCache) put(name string, f *siteFile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]*siteFile{}
	}
	limit := c.limit
	if limit == 0 {
		limit = maxKept
	}
	if old := c.files[name]; old != nil {
		c.kept -= int64(cap(old.gz))
		delete(c.files, name)
	}
	for other, g := range c.files {
		if c.kept+int64(cap(f.gz)) <= limit {
			break
		}
		if cap(g.gz) == 0 {
			continue // a validator only: dropping it frees nothing
		}
		c.kept -= int64(cap(g.gz))
		delete(c.files, other)
	}
	if c.kept+int64(cap(f.gz)) > limit { // larger than the bound alone: keep its validator only
		f.gz = nil
	}
	c.kept += int64(cap(f.gz))
	c.files[name] = f
}

// serveFile serves the site file name (a regular file, st) with its
// validator, a compressed representation when the client takes one, and
// Range support; the headers for pages are set by the caller's policy.
func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string, st fs.FileInfo) {
	f, err := h.cache.file(h.site, name, st)
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", contentType(name))
	if Hashed(name) {
		hd["Cache-Control"] = hImmutable
	} else {
		hd["Cache-Control"] = hNoCache
	}
	enc := r.Header.Get("Accept-Encoding")
	if compressible[strings.ToLower(path.Ext(name))] {
		hd["Vary"] = hVary
		// A sidecar the site precompressed (fresh: not older than the file).
		for _, sc := range []struct {
			ext, coding string
			h           []string
		}{{".br", "br", hBr}, {".gz", "gzip", hGzip}} {
			if !accepts(enc, sc.coding) {
				continue
			}
			side, err := fs.Stat(h.site, name+sc.ext)
			if err != nil || !side.Mode().IsRegular() || side.ModTime().Before(st.ModTime()) {
				continue
			}
			sf, err := h.cache.file(h.site, name+sc.ext, side)
			if err != nil {
				continue
			}
			hd["Content-Encoding"] = sc.h
			hd.Set("ETag", codedETag(sf.etag, sc.coding))
			h.stream(w, r, name+sc.ext)
			return
		}
		if f.gz != nil && accepts(enc, "gzip") {
			hd["Content-Encoding"] = hGzip
			hd.Set("ETag", codedETag(f.etag, "gzip"))
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.gz))
			return
		}
	}
	hd.Set("ETag", f.etag)
	h.stream(w, r, name)
}

// stream serves a file from the site as it is on disk: ranges and
// conditional requests by http.ServeContent, read as needed.
func (h *Handler) stream(w http.ResponseWriter, r *http.Request, name string) {
	file, err := h.site.Open(name)
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	defer file.Close()
	if rs, ok := file.(io.ReadSeeker); ok {
		http.ServeContent(w, r, name, time.Time{}, rs)
		return
	}
	b, err := io.ReadAll(file) // an fs.FS whose files cannot seek
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}
