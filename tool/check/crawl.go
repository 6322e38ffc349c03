package check

// `check --csp` fits its policy to the whole site, not to the pages the
// owner thought to name: a theme's inline script may differ by page kind
// or depth (MkDocs Material's __md_scope does), and a policy fitted to
// "home plus one page" then blocks it elsewhere (#32.11). It reads the
// pages given, the site's sitemap, and the pages their links reach, on the
// same origin and up to a bound.

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
)

// DefaultCrawl bounds the pages `check --csp` reads when --crawl is not
// given: enough for a docs site or a blog's archive pages, quick on one.
const DefaultCrawl = 200

// notPages are extensions a link to which is not an HTML page: they are
// not fetched while crawling.
var notPages = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true, ".svg": true, ".ico": true,
	".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".xml": true, ".json": true, ".txt": true, ".csv": true,
	".css": true, ".js": true, ".mjs": true, ".wasm": true, ".map": true, ".woff": true, ".woff2": true, ".ttf": true,
	".mp4": true, ".webm": true, ".mp3": true, ".ogg": true, ".wav": true,
}

// crawled is what a crawl read: each page's facts, in the order read, and
// how many pages it found but left for the bound.
type crawled struct {
	pages []string
	facts []*pageFacts
	left  int
}

// crawl reads the pages reachable from the given ones (already read, with
// their facts) on their origins: each origin's /sitemap.xml first, then
// their links, breadth first, at most limit pages in all (the given ones
// count). A page that fails to load is skipped: the policy is fitted to
// what loads.
func crawl(given []string, facts []*pageFacts, limit int) crawled {
	out := crawled{pages: append([]string(nil), given...), facts: append([]*pageFacts(nil), facts...)}
	seen := map[string]bool{}
	var queue []string
	enqueue := func(raw string, origin *url.URL) {
		u, err := origin.Parse(raw)
		if err != nil || u.Scheme != origin.Scheme || u.Host != origin.Host || notPages[strings.ToLower(path.Ext(u.Path))] {
			return
		}
		u.Fragment, u.RawFragment = "", ""
		if u.Path == "" {
			u.Path = "/"
		}
		if k := u.String(); !seen[k] {
			seen[k] = true
			queue = append(queue, k)
		}
	}
	origins := map[string]*url.URL{}
	for i, g := range given {
		u, err := url.Parse(g)
		if err != nil {
			continue
		}
		enqueue(g, u)
		for _, l := range facts[i].links {
			enqueue(l, u)
		}
		if o := u.Scheme + "://" + u.Host; origins[o] == nil {
			origins[o] = &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/"}
		}
	}
	for _, o := range origins {
		for _, loc := range sitemap(o, limit) {
			enqueue(loc, o)
		}
	}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		if slices.Contains(out.pages, next) {
			continue
		}
		if len(out.pages) >= limit {
			out.left++
			continue
		}
		pf, err := readPage(next)
		if err != nil || pf == nil {
			continue
		}
		out.pages = append(out.pages, next)
		out.facts = append(out.facts, pf)
		u, _ := url.Parse(next)
		for _, l := range pf.links {
			enqueue(l, u)
		}
	}
	return out
}

// sitemap reads an origin's /sitemap.xml: its pages' locations, and one
// level of a sitemap index's sitemaps, at most limit in all. None when
// the site has none. A location on another host is read as a path on
// this one: a site checked before it is deployed lists its public URLs.
func sitemap(origin *url.URL, limit int) []string {
	var locs []string
	var read func(u string, depth int)
	read = func(u string, depth int) {
		client := &http.Client{Timeout: 15 * time.Second}
		resp, err := client.Get(u)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return
		}
		var doc struct {
			URLs     []string `xml:"url>loc"`
			Sitemaps []string `xml:"sitemap>loc"`
		}
		if xml.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(&doc) != nil {
			return
		}
		for _, l := range doc.URLs {
			if len(locs) >= limit {
				return
			}
			if u, err := url.Parse(strings.TrimSpace(l)); err == nil {
				locs = append(locs, origin.ResolveReference(&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String())
			}
		}
		if depth == 0 {
			for _, s := range doc.Sitemaps {
				if s, err := url.Parse(strings.TrimSpace(s)); err == nil {
					read(origin.ResolveReference(&url.URL{Path: s.Path, RawQuery: s.RawQuery}).String(), 1)
				}
			}
		}
	}
	read(origin.ResolveReference(&url.URL{Path: "/sitemap.xml"}).String(), 0)
	return locs
}
