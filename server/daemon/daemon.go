// Package daemon is hearthd's serving command, shared by bin/hearthd and the
// site owner's `hearth serve`: flags, the pages' Content-Security-Policy,
// an optional access log without client addresses, timeouts, and a
// graceful shutdown.
package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/server"
	"github.com/hearth-personalization/hearth/server/counts"
)

// Built is what a binary carries: a bundle directory (with manifest.json)
// and a site; nil when it carries none. SiteDir, when set, is the -site
// directory served by default instead (the site owner's tool: ".").
type Built struct {
	Dist, Site fs.FS
	SiteDir    string
}

// Run serves until ctx is done, then shuts down gracefully. name is the
// command's name in messages and -h; built are the bundle and the site the
// binary carries (either may be nil: then -dist or -site is required).
func Run(ctx context.Context, name string, args []string, log io.Writer, built Built) error {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(log)
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	distDir := fl.String("dist", "", "bundle `DIR` written by \"hearth bundle -out DIR\" (default: the bundle this binary carries)")
	siteHelp := "site directory served at /"
	switch {
	case built.SiteDir != "": // flag prints it as the default
	case built.Site != nil:
		siteHelp += " (default: the embedded demo shop)"
	default:
		siteHelp += " (required)"
	}
	siteDir := fl.String("site", built.SiteDir, siteHelp)
	cspFlag := fl.String("csp", "", "Content-Security-Policy for pages: a policy, \"recommended\" (PRIVACY.md's), or \"none\"; default: none for a -site directory (a site must work as it did: \"hearth check --csp --page URL\" proposes a policy that fits its pages), the recommended one for the embedded demo")
	cspFile := fl.String("csp-file", "", "read the pages' Content-Security-Policy from FILE (line breaks allowed) instead of -csp")
	accessLog := fl.Bool("log", false, "log requests (method, path, status, bytes, time; never the client's address)")
	maxConns := fl.Int("max-conns", maxConnsDefault(), "connections held at once; past it a new client takes the place of the one idle longest")
	measureFile := fl.String("measure", "", "accept private measurement reports at "+server.ReportPath+", checked against this config's \"measure\" section (the site's hearth.json)")
	countsFile := fl.String("counts", counts.DefaultFile(), "with -measure: the SQLite `FILE` that keeps the counts (created if needed; outside the site directory)")
	trustProxy := fl.String("trust-proxy", "", "with -measure behind a reverse proxy: the proxy's addresses (`CIDR`s, comma-separated); a report from one of them is bounded by the client it names in X-Forwarded-For or Forwarded, not by the proxy's address")
	tlsCert := fl.String("tls-cert", "", "serve HTTPS (and HTTP/2) with this certificate `FILE` (PEM, the chain after the leaf), with -tls-key")
	tlsKey := fl.String("tls-key", "", "the private key `FILE` (PEM) of -tls-cert")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if (*tlsCert == "") != (*tlsKey == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	var trusted []netip.Prefix
	for _, c := range strings.Split(*trustProxy, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		p, err := netip.ParsePrefix(c)
		if err != nil {
			a, err2 := netip.ParseAddr(c)
			if err2 != nil {
				return fmt.Errorf("-trust-proxy %s: want CIDRs such as 127.0.0.1/32 or 10.0.0.0/8: %v", c, err)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		trusted = append(trusted, p.Masked())
	}
	dist, site, err := sources(*distDir, *siteDir, built)
	if err != nil {
		return err
	}
	h, err := server.New(dist, site)
	if err != nil {
		return err
	}
	choice := *cspFlag
	if *cspFile != "" {
		if choice != "" {
			return errors.New("-csp and -csp-file: give one")
		}
		b, err := os.ReadFile(*cspFile)
		if err != nil {
			return err
		}
		if choice = string(b); strings.TrimSpace(choice) == "" {
			return fmt.Errorf("-csp-file %s is empty (to send no policy, pass -csp none)", *cspFile)
		}
	}
	// A site of the owner's is served as it was: its inline scripts and
	// handlers would be blocked by a policy that does not know them.
	noteCSP := false
	if choice == "" && *siteDir != "" {
		choice, noteCSP = server.CSPNone, true
	}
	h.CSP = server.PagePolicy(choice)
	for _, warn := range server.CheckCSP(h.CSP) {
		fmt.Fprintln(log, name+": warning: the pages' Content-Security-Policy would stop Hearth:", warn)
	}
	if *measureFile != "" {
		rep, db, err := measurement(*measureFile, *countsFile, *siteDir)
		if err != nil {
			return err
		}
		defer db.Close()
		if len(trusted) > 0 {
			rep.ClientAddr = server.ForwardedClient(trusted)
		}
		rep.Log = func(msg string) { fmt.Fprintln(log, name+": "+msg) }
		h.Reports = rep
		fmt.Fprintf(log, "%s: measurement %q: reports at %s, counts in %s\n", name, rep.M.ID, server.ReportPath, *countsFile)
	}
	var handler http.Handler = h
	if *accessLog {
		handler = server.AccessLog(h, log)
	}
	if *maxConns < 1 {
		return fmt.Errorf("-max-conns %d: give at least 1", *maxConns)
	}
	tcp, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	ln := limitConns(tcp, *maxConns)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ConnState:         ln.state,
	}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- srv.Shutdown(shut)
	}()
	scheme := "http"
	if *tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(log, "%s: serving on %s://%s/\n", name, scheme, ln.Addr())
	if noteCSP {
		fmt.Fprintf(log, "%s: the pages go without a Content-Security-Policy, as the site's own; `hearth check --csp --page URL config.json` proposes one that fits them (then -csp-file FILE, or -csp recommended)\n", name)
	}
	serve := func() error { return srv.Serve(ln) }
	if *tlsCert != "" {
		// net/http offers HTTP/2 on TLS by itself (ALPN h2).
		serve = func() error { return srv.ServeTLS(ln, *tlsCert, *tlsKey) }
	}
	if err := serve(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

// sources picks the directories given, or what the binary carries.
func sources(distDir, siteDir string, built Built) (dist, site fs.FS, err error) {
	if distDir != "" {
		dist = os.DirFS(distDir)
	} else {
		dist = built.Dist
	}
	if dist == nil {
		dist = emptyFS{}
	}
	if _, err := fs.Stat(dist, "manifest.json"); err != nil {
		return nil, nil, errors.New("no bundle: this binary carries none; pass -dist DIR after `hearth bundle -out DIR` (or build the binary with `make hearth`, which embeds one)")
	}
	if siteDir != "" {
		root, err := os.OpenRoot(siteDir)
		if err != nil {
			return nil, nil, err
		}
		root.Close()
		site = pathRoot(siteDir)
	} else if site = built.Site; site == nil {
		return nil, nil, errors.New("no site: pass -site DIR")
	}
	return dist, site, nil
}

// pathRoot serves a directory by its path, as nginx does: every open
// resolves the path anew, so a site deleted and built again (rm -rf site &&
// mkdocs build -d site), or swapped in by a rename (an atomic deploy), is
// served as it is now, not as the directory it was at start. Each open
// goes through an os.Root, which refuses any name that resolves outside
// the directory, symbolic links included (a link to /etc/passwd is not
// served). The file stays open past the root's close.
type pathRoot string

func (d pathRoot) Open(name string) (fs.File, error) {
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	defer r.Close()
	return r.FS().Open(name)
}

// emptyFS has no files: a binary built without a bundle.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// maxConnsDefault is defaultMaxConns, or less where the descriptor limit is
// lower: some descriptors are kept for the files served.
func maxConnsDefault() int {
	if n := fdLimit(); n > 0 && n-64 < defaultMaxConns {
		return max(n-64, 16)
	}
	return defaultMaxConns
}
