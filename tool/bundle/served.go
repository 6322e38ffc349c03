package bundle

// The site owner's side of a built bundle: writing the copy a binary
// carries into the site's folder (`hearth bundle`), and comparing a copy,
// or what a site serves, with it (`hearth verify`). cmd/hearth parses the
// flags; the work is here.

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/hearth-personalization/hearth/internal/atomicfile"
	"github.com/hearth-personalization/hearth/manifest"
)

// WriteCopy writes every file of dist (a bundle, with its .br and .gz
// twins and manifest.json) into out, creating it, and says how many.
func WriteCopy(dist fs.FS, out string) (int, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}
	n := 0
	err := fs.WalkDir(dist, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		n++
		return atomicfile.Write(filepath.Join(out, filepath.FromSlash(p)), b) // a symlink at the name is replaced, never followed
	})
	return n, err
}

// Compare checks every file of the bundle m describes, by SHA-256, against
// a copy in dir or what the site at siteURL serves under /hearth/ (every
// encoding a browser can get, decoded, and the headers a browser needs),
// writing a line per file to w. An error when any differs.
func Compare(m *manifest.Manifest, dir, siteURL string, w io.Writer) error {
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: sameOrigin}
	// Each file in each way a browser can get it: from a copy, the file;
	// from a site, every coding it may send, decoded.
	ways := []string{""}
	if siteURL != "" {
		ways = codings
	}
	read := func(file, coding string) ([]byte, http.Header, error) {
		if dir != "" {
			b, err := os.ReadFile(filepath.Join(dir, file))
			return b, nil, err
		}
		return fetchDecoded(client, strings.TrimSuffix(siteURL, "/")+"/hearth/"+file, coding)
	}
	names := make([]string, 0, len(m.Files))
	for name := range m.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	bad := 0
	for _, name := range names {
		a := m.Files[name]
		ok := true
		for _, coding := range ways {
			as := ""
			if coding != "" {
				as = ", as " + coding
			}
			b, h, err := read(a.File, coding)
			if err == nil && coding == "identity" {
				errs, warns := checkHeaders(name, a, h)
				for _, e := range errs {
					fmt.Fprintf(w, "HEADER %s (%s): %s\n", name, a.File, e)
					ok = false
				}
				for _, wn := range warns {
					fmt.Fprintf(w, "warning: %s (%s): %s\n", name, a.File, wn)
				}
			}
			switch {
			case err != nil:
				fmt.Fprintf(w, "MISSING %s (%s%s): %v\n", name, a.File, as, err)
				ok = false
			case hexSum(b) != a.SHA256:
				fmt.Fprintf(w, "DIFF %s (%s%s): sha256 %s, this bundle's %s\n", name, a.File, as, hexSum(b), a.SHA256)
				ok = false
			}
		}
		if !ok {
			bad++
			continue
		}
		if siteURL != "" {
			fmt.Fprintf(w, "ok %s (%s, as identity, gzip and br)\n", name, a.File)
		} else {
			fmt.Fprintf(w, "ok %s (%s)\n", name, a.File)
		}
	}
	if bad > 0 {
		return fmt.Errorf("verify: %d of %d files differ from this binary's bundle", bad, len(names))
	}
	fmt.Fprintf(w, "all %d files are this binary's bundle\n", len(names))
	return nil
}

// codings are the representations a browser can get of a bundle file:
// verify -url compares each, decoded.
var codings = []string{"identity", "gzip", "br"}

// fetchDecoded gets url in one coding and decodes what comes back, with the
// response's headers. A server may answer in another coding than asked (or
// none): the body is decoded by what the response says.
func fetchDecoded(client *http.Client, url, coding string) ([]byte, http.Header, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept-Encoding", coding) // set by hand: Go then decodes nothing itself
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	var body io.Reader = io.LimitReader(resp.Body, 64<<20)
	switch ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); ce {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		body = zr
	case "br":
		body = brotli.NewReader(body)
	default:
		return nil, nil, fmt.Errorf("Content-Encoding %q, which browsers do not take", ce)
	}
	b, err := io.ReadAll(io.LimitReader(body, 64<<20))
	return b, resp.Header, err
}

// checkHeaders says what in a bundle file's response headers stops Hearth
// in browsers (errors) or costs its visitors (warnings): what a static host
// must get right, since it is not hearthd.
func checkHeaders(name string, a manifest.Asset, h http.Header) (errs, warns []string) {
	ct := strings.ToLower(strings.TrimSpace(strings.Split(h.Get("Content-Type"), ";")[0]))
	switch ext := path.Ext(a.File); {
	case ext == ".wasm" && ct != "application/wasm":
		errs = append(errs, "Content-Type "+strconv.Quote(ct)+": browsers compile a module as it streams only from application/wasm, and Hearth's worker does; serve .wasm as application/wasm")
	case ext == ".js" && ct != "text/javascript" && ct != "application/javascript" && ct != "application/x-javascript":
		errs = append(errs, "Content-Type "+strconv.Quote(ct)+": browsers refuse a worker or a script with nosniff unless it is text/javascript; serve .js as text/javascript")
	case ext == ".css" && ct != "text/css":
		errs = append(errs, "Content-Type "+strconv.Quote(ct)+": browsers refuse a stylesheet that is not text/css; serve .css as text/css")
	}
	cc := strings.ToLower(h.Get("Cache-Control"))
	maxAge := -1
	for _, d := range strings.Split(cc, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(d), "max-age="); ok {
			maxAge, _ = strconv.Atoi(v)
		}
	}
	switch {
	case a.Hashed && (maxAge < 86400 || strings.Contains(cc, "no-store")):
		warns = append(warns, "Cache-Control "+strconv.Quote(cc)+": its name carries its hash, so it never changes; cache it a year (public, max-age=31536000, immutable), or every visit downloads it again")
	case !a.Hashed && maxAge > 3600 && !strings.Contains(cc, "no-cache") && !strings.Contains(cc, "must-revalidate"):
		warns = append(warns, "Cache-Control "+strconv.Quote(cc)+": the loader keeps its name across versions; cached this long unchecked, visitors keep an old loader after an update; send no-cache (revalidated with its ETag)")
	}
	return errs, warns
}

// sameOrigin refuses a redirect to another origin: a browser refuses a
// worker script from another origin, so a site that redirects there does
// not serve the bundle.
func sameOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if first := via[0].URL; req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return fmt.Errorf("redirected to another origin (%s://%s): browsers refuse the worker from there", req.URL.Scheme, req.URL.Host)
	}
	return nil
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
