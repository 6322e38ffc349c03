// Command build is Hearth's tool chain for site owners and reviewers.
//
//	go run ./build [bundle] [-out dist]   compile, hash, compress; write the manifest
//	go run ./build check [--page URL]... FILE...
//	                                      validate site configs (and compare with pages)
//	go run ./build audit [--journey FILE] [--json] URL
//	                                      prove in headless Chromium that no visitor data leaves
//	go run ./build reproduce [-dist dist] rebuild from source and compare every file with dist/
//	                                      (hearth verify, the owner's, compares a copy or a site with a binary's bundle)
//	go run ./build bench [-runs 10]       the performance table (make bench)
//	go run ./build edge [-dist dist] [-site web/demo] [-out server/worker]
//	                                      the Cloudflare Workers deployment (make worker)
//	go run ./build measure-demo [-simulate N]
//	                                      the demo with measurement on, and simulated counts
//
// Every command exits non-zero on error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hearth-personalization/hearth/tool/audit"
	"github.com/hearth-personalization/hearth/tool/bench"
	"github.com/hearth-personalization/hearth/tool/bundle"
	"github.com/hearth-personalization/hearth/tool/check"
	"github.com/hearth-personalization/hearth/tool/edge"
	"github.com/hearth-personalization/hearth/tool/measuredemo"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	cmd := "bundle"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "bundle":
		fs := flag.NewFlagSet("bundle", flag.ContinueOnError)
		fs.SetOutput(stderr)
		out := fs.String("out", "dist", "output directory (replaced)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		root, err := bundle.ModuleRoot()
		if err != nil {
			return err
		}
		m, err := bundle.Build(root, *out)
		if err != nil {
			return err
		}
		return bundle.Summary(m, stdout)
	case "check":
		return check.Run(args, stdout)
	case "audit":
		return audit.Run(args, stdout)
	case "verify", "worker": // the names before #34.6, where they meant what the owner's binary's do not
		return fmt.Errorf("%q is now %q", cmd, map[string]string{"verify": "reproduce", "worker": "edge"}[cmd])
	case "reproduce":
		return bundle.Reproduce(args, stdout)
	case "bench":
		return bench.Run(args, stdout)
	case "edge":
		return edge.Run(args, stdout)
	case "measure-demo":
		root, err := bundle.ModuleRoot()
		if err != nil {
			return err
		}
		return measuredemo.RunDemo(root, args, stdout)
	default:
		return fmt.Errorf("unknown command %q (known: bundle, check, audit, reproduce, bench, edge, measure-demo)", cmd)
	}
}
