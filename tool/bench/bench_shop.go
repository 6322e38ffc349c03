package bench

// The second site the page-cost table is measured on: the fixture shop
// (e2e/testdata/bootstrap-shop, Bootstrap 5 from npm), served by its own
// server so that its absolute paths hold.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
)

// ShopVendor maps the URLs the fixture shop's pages use to the npm files
// `make deps` installs under build/.tools/node_modules.
var ShopVendor = map[string]string{
	"vendor/bootstrap.min.css":           "bootstrap/dist/css/bootstrap.min.css",
	"vendor/bootstrap.rtl.min.css":       "bootstrap/dist/css/bootstrap.rtl.min.css",
	"vendor/bootstrap-icons.min.css":     "bootstrap-icons/font/bootstrap-icons.min.css",
	"vendor/fonts/bootstrap-icons.woff2": "bootstrap-icons/font/fonts/bootstrap-icons.woff2",
	"vendor/fonts/bootstrap-icons.woff":  "bootstrap-icons/font/fonts/bootstrap-icons.woff",
	"vendor/bootstrap.min.css.map":       "bootstrap/dist/css/bootstrap.min.css.map",
	"vendor/bootstrap.rtl.min.css.map":   "bootstrap/dist/css/bootstrap.rtl.min.css.map",
}

// ShopLoaderTag is the fixture shop's loader tag (with its CSP nonce).
const ShopLoaderTag = `<script nonce="fixture-nonce" src="/hearth/hearth.js" data-config="/hearth.json" async></script>`

// shopSite is the fixture shop with Bootstrap, plus its home page without
// Hearth (/bench/without.html).
func shopSite(root string) (fs.FS, error) {
	site, err := readSite(filepath.Join(root, "e2e", "testdata", "bootstrap-shop"))
	if err != nil {
		return nil, err
	}
	for url, npm := range ShopVendor {
		b, err := os.ReadFile(filepath.Join(root, "build", ".tools", "node_modules", filepath.FromSlash(npm)))
		if err != nil {
			return nil, fmt.Errorf("%s is missing (make deps installs Bootstrap): %w", npm, err)
		}
		site[url] = &fstest.MapFile{Data: b}
	}
	home := string(site["index.html"].Data)
	without := strings.Replace(home, ShopLoaderTag, "", 1)
	if without == home {
		return nil, errors.New("bench: the fixture shop's home lacks the loader tag")
	}
	site["bench/without.html"] = &fstest.MapFile{Data: []byte(without)}
	return site, nil
}
