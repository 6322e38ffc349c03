package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ForwardedClient names a report's client behind a reverse proxy (an HTTPS
// terminator in front of hearthd): for a request whose peer is one of the
// trusted proxies, the last address in X-Forwarded-For (or Forwarded's
// "for=") that is not itself a trusted proxy, the client the nearest
// untrusted hop saw; for any other peer, the peer, whatever headers it sends
// (a client cannot name itself someone else). Without it, behind a proxy
// every visitor is the proxy, and one per-address bound holds the whole
// site.
func ForwardedClient(trusted []netip.Prefix) func(*http.Request) string {
	isTrusted := func(a netip.Addr) bool {
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(r *http.Request) string {
		peer := r.RemoteAddr
		host, _, err := net.SplitHostPort(peer)
		if err != nil {
			host = peer
		}
		a, err := netip.ParseAddr(host)
		if err != nil || !isTrusted(a) {
			return peer
		}
		hops := forwardedFor(r.Header)
		for i := len(hops) - 1; i >= 0; i-- {
			h, err := netip.ParseAddr(hops[i])
			if err != nil {
				return peer // a hop we cannot read: the proxy's own address, bounded as one
			}
			if !isTrusted(h) {
				return h.String()
			}
		}
		return peer
	}
}

// forwardedFor lists the client addresses a chain of proxies recorded,
// nearest last: RFC 7239's Forwarded "for=" when present, else
// X-Forwarded-For.
func forwardedFor(h http.Header) []string {
	var out []string
	for _, line := range h.Values("Forwarded") {
		for _, elem := range strings.Split(line, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if !ok || !strings.EqualFold(k, "for") {
					continue
				}
				v = strings.Trim(v, `"`)
				if strings.HasPrefix(v, "[") { // "[2001:db8::1]:4711"
					v = strings.TrimPrefix(v, "[")
					v, _, _ = strings.Cut(v, "]")
				} else if host, _, err := net.SplitHostPort(v); err == nil {
					v = host
				}
				out = append(out, v)
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, line := range h.Values("X-Forwarded-For") {
		for _, v := range strings.Split(line, ",") {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}
