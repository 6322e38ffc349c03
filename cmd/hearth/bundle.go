package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"github.com/hearth-personalization/hearth/manifest"
	"github.com/hearth-personalization/hearth/tool/bundle"
)

// carried is this binary's bundle and its manifest, or a clear error.
func carried() (fs.FS, *manifest.Manifest, error) {
	dist, err := theBundle()
	if err != nil {
		return nil, nil, err
	}
	m, err := manifest.Read(dist)
	if err != nil {
		return nil, nil, fmt.Errorf("the bundle: %w", err)
	}
	return dist, m, nil
}

// writeBundle is `hearth bundle`: the bundle's files (with their .br and .gz
// twins and manifest.json) into a directory to serve under /hearth/, and
// the script tag for the site's pages.
func writeBundle(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("hearth bundle", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "hearth", "directory to write the bundle into (created; its files replaced); serve it under /hearth/")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: hearth bundle [-out DIR]\n\nWrites the Hearth bundle this binary carries into DIR, to serve at /hearth/ on the site's own origin.")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	dist, m, err := carried()
	if err != nil {
		return err
	}
	n, err := bundle.WriteCopy(dist, *out)
	if err != nil {
		return err
	}
	loader := m.Files[manifest.Loader]
	fmt.Fprintf(stdout, "wrote %d files to %s; serve them under /hearth/ and add to each page's <head>:\n\n", n, *out)
	fmt.Fprintf(stdout, "  <script src=\"/hearth/%s\" data-config=\"/hearth.json\" async></script>\n\n", loader.File)
	fmt.Fprintln(stdout, "then `hearth check --page URL hearth.json` and `hearth audit URL`.")
	return nil
}

// verifyBundle is `hearth verify`: every file of this binary's bundle is
// byte for byte in a copy (-dist) or served by a site (-url, under /hearth/).
func verifyBundle(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("hearth verify", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dist", "", "a copy of the bundle to compare (e.g. the directory \"hearth bundle\" wrote)")
	site := fl.String("url", "", "a site's base URL: its /hearth/ files are fetched and compared")
	fl.Usage = func() {
		fmt.Fprintln(stderr, `usage: hearth verify -dist DIR | -url URL

Compares every file of the bundle this binary carries (by SHA-256) with a copy,
or with what a site serves under /hearth/: every encoding a browser can get
(identity, gzip, br), decoded, and the headers a browser needs (the .wasm's
type, caching). Exit status 0 only when all match.

What it proves: the site serves this binary's bundle. That the binary's bundle
is built from Hearth's source is a second, separate proof: in a checkout of the
same version, `+"`go run ./build reproduce`"+` rebuilds the bundle from source and compares
it byte for byte (builds are deterministic), and `+"`hearth verify -dist dist`"+` then
ties that rebuild to this binary.`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return err
	}
	if (*dir == "") == (*site == "") {
		fl.Usage()
		return errors.New("verify: give -dist DIR or -url URL")
	}
	_, m, err := carried()
	if err != nil {
		return err
	}
	return bundle.Compare(m, *dir, *site, stdout)
}
