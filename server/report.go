package server

import (
	"context"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/wasm/rules"
)

// ReportPath is where the page side posts measurement reports.
const ReportPath = "/hearth/report"

// Adder keeps counts: SQLite (server/counts) here, D1 at the edge.
type Adder interface {
	// Add counts each entry of a checked report, returning once they are
	// kept for good.
	Add(ctx context.Context, r measure.Report) error
}

// Reports accepts private measurement reports (docs/MEASUREMENT.md). Each
// is checked against the config's measurement: its exact size, its
// measurement, a period that ended within the last measure.Grace periods,
// exactly the measured experiences in config order. A bad one gets a 400
// and counts nowhere. What is kept is counts only (Adder); what is held in
// memory, never stored, is each open period's nonces (a replayed report
// gets a 409) and, per client address for the current hour, how many
// reports it sent (past PerClient, a 429): a bound on what one client can
// add, not a proof that reports are real (PRIVACY.md says what it stops).
type Reports struct {
	M         *rules.Measure
	Counts    Adder
	PerClient int              // reports per client per hour; 0: 64
	PerPeriod int              // reports per client per period; 0: 4 × PerClient
	Now       func() time.Time // nil: time.Now
	// ClientAddr names the client for the bound; nil: the connection's
	// address (at the edge, CF-Connecting-IP; behind a proxy, see
	// ForwardedClient). An IPv6 client is counted by its /64.
	ClientAddr func(*http.Request) string
	// Log hears of what a reviewer should know (a period's nonces given
	// up under a flood); nil: nothing.
	Log func(string)
	// Nonces keeps the open periods' nonces where memory does not outlive
	// a request (the edge); nil: in memory.
	Nonces NonceStore
	// Err, when set, is why the measurement the server was given cannot
	// run (at the edge, a broken HEARTH_MEASURE): every report gets a 503
	// saying so, and /healthz too, rather than a silent 404.
	Err error

	sizeOnce sync.Once
	size     int // every report's length, from M (measure.Size), computed once
	mu       sync.Mutex
	failedAt time.Time                 // when a failure to count was last logged
	nonces   map[int]map[[16]byte]bool // period → nonces seen
	clients  map[string]int            // client → reports this hour
	hour     int64
	byPeriod map[int]map[string]int // period → client → reports
}

// NonceStore remembers the nonces of the open periods.
type NonceStore interface {
	// Claim records a report's nonce, reporting false when it was seen;
	// oldest is the first period still open (older ones may be dropped).
	Claim(ctx context.Context, period int, nonce string, oldest int) (bool, error)
	// Release forgets a nonce whose report could not be counted.
	Release(ctx context.Context, nonce string) error
}

// maxNonces bounds the nonces held per period (16 MB of them at most). A
// period that reaches it (a flood of forged reports from thousands of
// addresses) forgets half of them at random rather than refusing every
// visitor: a forger able to send that many could as well send new reports
// as replay old ones.
const maxNonces = 1 << 20

// maxClients bounds the clients counted per period; past it, a new client
// has the hourly bound alone.
const maxClients = 1 << 18

func (h *Reports) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Reports) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	if h.Err != nil {
		http.Error(w, "measurement: "+h.Err.Error(), http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		hd.Set("Allow", "POST")
		http.Error(w, "measurement reports are POSTed", http.StatusMethodNotAllowed)
		return
	}
	m := h.M
	h.sizeOnce.Do(func() { h.size = m.ReportSize() })
	size := h.size
	if r.ContentLength >= 0 && r.ContentLength != int64(size) {
		http.Error(w, "a report of this measurement is exactly "+strconv.Itoa(size)+" bytes", http.StatusBadRequest)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, int64(size)+1))
	if err != nil || len(body) != size {
		http.Error(w, "a report of this measurement is exactly "+strconv.Itoa(size)+" bytes", http.StatusBadRequest)
		return
	}
	rep, err := measure.DecodeExact(body, size)
	if err != nil {
		http.Error(w, "not a report: "+err.Error(), http.StatusBadRequest)
		return
	}
	if msg := h.check(rep); msg != "" {
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	addr := r.RemoteAddr
	if h.ClientAddr != nil {
		addr = h.ClientAddr(r)
	}
	if code, msg := h.admit(rep, addr); code != 0 {
		http.Error(w, msg, code)
		return
	}
	if h.Nonces != nil {
		cur := m.Period(h.now())
		fresh, err := h.Nonces.Claim(r.Context(), rep.Period, rep.Nonce, cur-measure.Grace)
		if err != nil {
			http.Error(w, "the report could not be checked; nothing was kept", http.StatusServiceUnavailable)
			return
		}
		if !fresh {
			http.Error(w, "this report was counted already", http.StatusConflict)
			return
		}
	}
	if err := h.Counts.Add(r.Context(), rep); err != nil {
		h.logFailure(err)
		h.forget(rep) // not counted: the same report may come again
		if h.Nonces != nil {
			h.Nonces.Release(r.Context(), rep.Nonce)
		}
		http.Error(w, "the report could not be counted; nothing was kept", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// check compares a report with the measurement; "" when it matches.
func (h *Reports) check(rep measure.Report) string {
	m := h.M
	if rep.Measurement != m.ID {
		return "unknown measurement " + strconv.Quote(rep.Measurement)
	}
	cur := m.Period(h.now())
	if rep.Period >= cur || rep.Period < cur-measure.Grace || !m.Open(rep.Period) {
		return "period " + strconv.Itoa(rep.Period) + " is not open for reports (the current period is " + strconv.Itoa(cur) + ")"
	}
	if len(rep.Entries) != len(m.Measured) {
		return "want one entry per measured experience (" + strconv.Itoa(len(m.Measured)) + ")"
	}
	for i, e := range rep.Entries {
		if e.Experience != m.Measured[i].Experience {
			return "entry " + strconv.Itoa(i) + ": want " + strconv.Quote(m.Measured[i].Experience) + ", got " + strconv.Quote(e.Experience)
		}
	}
	return ""
}

// admit refuses a replayed nonce and a client past its bound, and
// remembers the nonce otherwise.
func (h *Reports) admit(rep measure.Report, remote string) (int, string) {
	n := nonceKey(rep.Nonce)
	addr := clientKey(remote)
	now := h.now()
	per := h.PerClient
	if per <= 0 {
		per = 64
	}
	perPeriod := h.PerPeriod
	if perPeriod <= 0 {
		perPeriod = 4 * per
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if hour := now.Unix() / 3600; hour != h.hour || h.clients == nil {
		h.hour, h.clients = hour, map[string]int{}
	}
	if h.nonces == nil {
		h.nonces = map[int]map[[16]byte]bool{}
	}
	if h.byPeriod == nil {
		h.byPeriod = map[int]map[string]int{}
	}
	cur := h.M.Period(now)
	for p := range h.nonces {
		if p < cur-measure.Grace {
			delete(h.nonces, p) // a closed period's reports are refused anyway
		}
	}
	for p := range h.byPeriod {
		if p < cur-measure.Grace {
			delete(h.byPeriod, p)
		}
	}
	seen := h.nonces[rep.Period]
	if seen == nil {
		seen = map[[16]byte]bool{}
		h.nonces[rep.Period] = seen
	}
	if seen[n] && h.Nonces == nil {
		return http.StatusConflict, "this report was counted already"
	}
	if h.clients[addr] >= per {
		return http.StatusTooManyRequests, "too many reports from one address this hour"
	}
	clients := h.byPeriod[rep.Period]
	if clients == nil {
		clients = map[string]int{}
		h.byPeriod[rep.Period] = clients
	}
	if clients[addr] >= perPeriod {
		return http.StatusTooManyRequests, "too many reports from one address for this period"
	}
	if len(seen) >= maxNonces {
		for k := range seen { // map order is random: about half go
			if len(seen) <= maxNonces/2 {
				break
			}
			delete(seen, k)
		}
		if h.Log != nil {
			h.Log("measurement: period " + strconv.Itoa(rep.Period) + " reached " + strconv.Itoa(maxNonces) + " reports' nonces; half were forgotten (a flood: its replays can no longer be told)")
		}
	}
	seen[n] = true
	h.clients[addr]++
	if _, ok := clients[addr]; ok || len(clients) < maxClients {
		clients[addr]++
	}
	return 0, ""
}

// clientKey is what the bounds count a client by: an IPv4 address, or an
// IPv6 address's /64 (a host is given a whole /64 and may use any address
// in it). remote is an address with or without its port.
func clientKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// logFailure says that a report could not be counted (a broken or full
// counts file), at most once a minute: the owner must hear of it, and
// /healthz says it too (Healthy).
func (h *Reports) logFailure(err error) {
	h.mu.Lock()
	now := h.now()
	quiet := now.Sub(h.failedAt) < time.Minute
	if !quiet {
		h.failedAt = now
	}
	h.mu.Unlock()
	if !quiet && h.Log != nil {
		h.Log("measurement: a report could not be counted, and none will be until this is mended: " + err.Error())
	}
}

// Checker is an Adder that can tell whether it works now.
type Checker interface {
	Check(ctx context.Context) error
}

// Healthy reports whether the counts can be kept: nil where the Adder
// cannot tell.
func (h *Reports) Healthy(ctx context.Context) error {
	if h.Err != nil {
		return h.Err
	}
	if c, ok := h.Counts.(Checker); ok {
		return c.Check(ctx)
	}
	return nil
}

// forget drops a report's nonce after it failed to be counted.
func (h *Reports) forget(rep measure.Report) {
	h.mu.Lock()
	delete(h.nonces[rep.Period], nonceKey(rep.Nonce))
	h.mu.Unlock()
}

// nonceKey is a decoded nonce's 16 bytes (measure.Decode checked its 32
// lowercase hex digits), half the memory of the text.
func nonceKey(s string) (n [16]byte) {
	hex.Decode(n[:], []byte(s))
	return n
}
