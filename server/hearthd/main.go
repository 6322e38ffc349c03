// Command hearthd serves a Hearth bundle and a site on one machine.
//
//	hearthd [-addr 127.0.0.1:8080] [-dist DIR] [-site DIR] [-csp POLICY | -csp-file FILE] [-log]
//
// Built by `make hearthd`, the binary embeds the bundle and the demo shop;
// -dist and -site serve directories instead. Pages get the recommended
// Content-Security-Policy unless -csp or -csp-file sets the site's own (or
// "none"); a policy that would stop Hearth is reported at start. It keeps no access log unless
// -log is given, and that log never holds the visitor's IP address.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"hearth/server"
)

//go:embed all:embedded
var embedded embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hearthd:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts down gracefully.
func run(ctx context.Context, args []string, log io.Writer) error {
	fl := flag.NewFlagSet("hearthd", flag.ContinueOnError)
	fl.SetOutput(log)
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	distDir := fl.String("dist", "", "bundle directory written by `go run ./build bundle -out DIR` (default: the embedded bundle)")
	siteDir := fl.String("site", "", "site directory served at / (default: the embedded demo shop)")
	cspFlag := fl.String("csp", "", "Content-Security-Policy for pages: a policy, or \"none\" to send none (your pages or a proxy set it); default: the recommended one (PRIVACY.md)")
	cspFile := fl.String("csp-file", "", "read the pages' Content-Security-Policy from FILE (line breaks allowed) instead of -csp")
	accessLog := fl.Bool("log", false, "log requests (method, path, status, bytes, time; never the client's address)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	dist, site, err := sources(*distDir, *siteDir)
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
	h.CSP = server.PagePolicy(choice)
	for _, warn := range server.CheckCSP(h.CSP) {
		fmt.Fprintln(log, "hearthd: warning: the pages' Content-Security-Policy would stop Hearth:", warn)
	}
	var handler http.Handler = h
	if *accessLog {
		handler = server.AccessLog(h, log)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- srv.Shutdown(shut)
	}()
	fmt.Fprintf(log, "hearthd: serving on http://%s/\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

// sources picks the directories given, or what the binary embeds.
func sources(distDir, siteDir string) (dist, site fs.FS, err error) {
	if distDir != "" {
		dist = os.DirFS(distDir)
	} else if dist, err = fs.Sub(embedded, "embedded/dist"); err != nil {
		return nil, nil, err
	}
	if _, err := fs.Stat(dist, "manifest.json"); err != nil {
		return nil, nil, errors.New("no bundle: build it (`make hearthd` embeds one) or pass -dist DIR after `go run ./build bundle -out DIR`")
	}
	if siteDir != "" {
		// os.Root refuses any name that resolves outside the directory,
		// symlinks included (a link to /etc/passwd is not served).
		root, err := os.OpenRoot(siteDir)
		if err != nil {
			return nil, nil, err
		}
		site = root.FS()
	} else if site, err = fs.Sub(embedded, "embedded/site"); err != nil {
		return nil, nil, err
	}
	return dist, site, nil
}
