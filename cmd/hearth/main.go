// Command hearth is the site owner's tool: one binary, run in the site's own
// folder, that carries the Hearth bundle it was built with.
//
//	hearth init [-out hearth.json] URL       propose a config (and the catalog) from what a running site's pages say
//	hearth index [-out catalog.json] URL     write the site's catalog, for recommendations without templates (-site DIR: a built site)
//	hearth check [--page URL]... CONFIG...   validate configs (and compare them with pages)
//	hearth audit [--journey FILE] [--json] URL
//	                                         prove in headless Chromium that no visitor data leaves
//	hearth bundle [-out hearth]              write the bundle this binary carries
//	hearth serve [-site .] [-addr …] [-csp …]
//	                                         serve the site and the bundle (as hearthd does)
//	hearth verify [-dist DIR | -url URL]     compare a copy or a site's /hearth/ with this binary's bundle
//	hearth report [-counts FILE] [-html FILE] CONFIG
//	                                         the private measurement's figures from its counts
//
// `make hearth` builds bin/hearth with the bundle inside. Each command's -h
// explains it; every command exits non-zero on error. A reviewer who wants
// to rebuild the bundle from source runs `go run ./build reproduce` in a
// checkout instead.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/hearth-personalization/hearth/server/daemon"
	"github.com/hearth-personalization/hearth/tool/audit"
	"github.com/hearth-personalization/hearth/tool/check"
)

//go:embed all:embedded
var embedded embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hearth:", err)
		os.Exit(1)
	}
}

const usage = `hearth: the site owner's tool for Hearth (personalization that never leaves the browser)

  hearth init [-out hearth.json] [-catalog catalog.json] [-crawl N] URL
                                           propose a config, and write the site's catalog beside it, from what a running site's pages already say
  hearth index [-out catalog.json] [-crawl N] URL | -site DIR
                                           write the site's catalog: what recommendation slots draw from, and the model of its pages' words
  hearth check [--page URL]... [--csp] CONFIG...
                                           validate configs, compare them with pages, propose a CSP
  hearth audit [--journey FILE] [--json] URL
                                           prove in headless Chromium that no visitor data leaves
  hearth bundle [-out hearth]              write the bundle this binary carries, to serve under /hearth/
  hearth serve [-site .] [-addr 127.0.0.1:8080] [-csp POLICY] [-measure CONFIG]
                                           serve the site and the bundle (and measurement reports)
  hearth verify [-dist DIR | -url URL]     compare a copy, or what a site serves, with this bundle
  hearth report [-counts FILE] [-html FILE] CONFIG
                                           the private measurement's figures: each experience's lift

"hearth COMMAND -h" explains a command.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	err := command(ctx, args[0], args[1:], stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the command's usage
	}
	return err
}

func command(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	switch cmd {
	case "init":
		return check.Propose(args, stdout)
	case "index":
		return check.Index(args, stdout)
	case "check":
		if helpAsked(args) {
			fmt.Fprint(stdout, checkHelp)
			return nil
		}
		return check.Run(args, stdout)
	case "audit":
		return audit.Run(args, stdout)
	case "bundle":
		return writeBundle(args, stdout, stderr)
	case "serve":
		built := daemon.Built{SiteDir: "."}
		if !helpAsked(args) && !hasFlag(args, "dist") {
			built.Dist, _ = theBundle() // without one, serve says so
		}
		return daemon.Run(ctx, "hearth serve", args, stderr, built)
	case "verify":
		return verifyBundle(args, stdout, stderr)
	case "report":
		return readReport(args, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

const checkHelp = `usage: hearth check [--page URL]... [--csp [--crawl N]] CONFIG...

Validates each config (hearth.json) and prints every problem as FILE:LINE:COL,
with a "did you mean" for a misspelled key or topic. With --page URL
(repeatable) it also compares each config with those pages: a slot on none of
them but close to one they have, and anything in a variant or item template
that would load only when shown, are errors; variants without a template and
slots nothing targets are warnings. The exit status is non-zero on any error.

With --csp it also proposes a Content-Security-Policy that fits the site: the
pages given, the site's /sitemap.xml and the pages their links reach on the
same origin, at most N in all (--crawl, default 200; 0 reads only the pages
given), their inline code allowed by hash.
`

// hasFlag reports whether args give the flag name (-name or --name, with
// or without =value).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

func helpAsked(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
	}
	return false
}

// bundleFS is the bundle this binary carries (no manifest.json when it was
// built without `make hearth`). A variable for the tests.
var bundleFS = func() fs.FS {
	dist, _ := fs.Sub(embedded, "embedded/dist")
	return dist
}
