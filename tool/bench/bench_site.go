package bench

// The bench's site: the demo plus its baselines (a plain-JS swap, the
// pages without Hearth, GrowthBook doing the same swap, the Go floor).

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/hearth-personalization/hearth/manifest"
)

// benchSite is the demo plus the baselines: a plain-JS page that makes the
// same DOM change as Hearth, a page that runs the floor program, and one
// that loads Hearth's bytes (the bundle in dist, described by m, served
// under /hearth/) and runs nothing.
func benchSite(root, dist string, floor, glue []byte, m *manifest.Manifest) (fs.FS, error) {
	site, err := readSite(filepath.Join(root, "web", "demo"))
	if err != nil {
		return nil, err
	}
	home := string(site["index.html"].Data)
	plain := strings.Replace(home, `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`, `<script src="/bench/plain.js" async></script>`, 1)
	if plain == home {
		return nil, errors.New("bench: the demo's home page lacks the loader tag")
	}
	site["bench/plain.html"] = &fstest.MapFile{Data: []byte(plain)}
	// The pages without Hearth, for the page-cost table.
	const tag = `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`
	site["bench/without.html"] = &fstest.MapFile{Data: []byte(strings.Replace(home, tag, "", 1))}
	site["bench/without-camping.html"] = &fstest.MapFile{Data: []byte(strings.Replace(string(site["c/camping/index.html"].Data), tag, "", 1))}
	// The same page with the loader as a parser-blocking script: it runs
	// before the first paint, at the cost of the loader's fetch.
	blocking := strings.Replace(home, `data-config="/hearth.json" async>`, `data-config="/hearth.json">`, 1)
	site["bench/blocking.html"] = &fstest.MapFile{Data: []byte(blocking)}
	// The lower bound: read the stored decision and swap the slot, nothing else.
	site["bench/plain.js"] = &fstest.MapFile{Data: []byte(`(function () {
  function go() {
    var s = JSON.parse(localStorage.getItem("hearth:v1") || "null"), v = null;
    (s && s.replay || []).forEach(function (r) { if (r.path === "/") v = r.slots.hero; });
    var slot = document.querySelector('[data-hearth-slot="hero"]');
    var t = v && document.querySelector('template[data-hearth-variant="hero/' + v + '"]');
    if (slot && t) { slot.replaceChildren(t.content.cloneNode(true)); slot.setAttribute("data-hearth-applied", v); }
    performance.mark("plain:applied");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go); else go();
})();`)}
	// The floor program runs on the same page, loaded the way the loader
	// loads the module (an async script that compiles the module while Go's
	// glue loads), so that the comparison is of Go start-ups, not of pages.
	floorHTML := strings.Replace(home, `<script src="/hearth/hearth.js" data-config="/hearth.json" async></script>`, `<script src="/bench/floor.js" async></script>`, 1)
	site[strings.TrimPrefix(floorPage, "/")] = &fstest.MapFile{Data: []byte(floorHTML)}
	site["bench/floor.js"] = &fstest.MapFile{Data: []byte(`(function () {
  var mod = WebAssembly.compileStreaming(fetch("/bench/floor.wasm"));
  var glue = new Promise(function (resolve) {
    var s = document.createElement("script"); s.src = "/bench/wasm_exec.js"; s.onload = resolve; document.head.appendChild(s);
  });
  Promise.all([mod, glue]).then(function (r) {
    var go = new Go(); return WebAssembly.instantiate(r[0], go.importObject).then(function (i) { go.run(i); });
  });
})();`)}
	// The JS reference: GrowthBook's browser bundle (npm, pinned, installed
	// by make bench) swapping the same hero from an attribute kept in
	// localStorage, its features inline: what a JS peer costs the page.
	if gb, err := os.ReadFile(filepath.Join(root, growthBookBundle)); err == nil {
		site["bench/growthbook.html"] = &fstest.MapFile{Data: []byte(strings.Replace(home, tag, `<script src="/bench/growthbook.js" async></script>`, 1))}
		site["bench/growthbook.js"] = &fstest.MapFile{Data: append(gb, growthBookSwap...)}
	}
	// The same bytes, doing nothing: what Hearth's requests alone cost the
	// page, so that its LCP can be told from its work. An async script of
	// the loader's bytes (its text as a comment, so it compresses alike)
	// that, when the loader would start the module, fetches the same files
	// in the same order as Hearth does and runs none of them: the page
	// script; once it is there, the worker script (Hearth checks it, then
	// starts the worker from it); and from a worker, once its script is
	// there, the config and the module.
	loader, err := os.ReadFile(filepath.Join(dist, m.Files[manifest.Loader].File))
	if err != nil {
		return nil, err
	}
	u := func(name string) string { return strconv.Quote("/hearth/" + m.Files[name].File) }
	site["bench/inert.html"] = &fstest.MapFile{Data: []byte(strings.Replace(home, tag, `<script src="/bench/inert.js" async></script>`, 1))}
	site["bench/inert.js"] = &fstest.MapFile{Data: []byte(`(function () {
  var d = document, booted = false;
  function get(url) { return fetch(url, { mode: "cors", credentials: "omit" }).then(function (r) { return r.arrayBuffer(); }); }
  function boot() {
    if (booted) return;
    booted = true;
    get(` + u(manifest.Page) + `).then(function () {
      get(` + u(manifest.Worker) + `);
      new Worker("/bench/inert-worker.js");
    });
  }
  if (d.readyState === "complete") setTimeout(boot, 0);
  else { addEventListener("load", function () { setTimeout(boot, 0); }); setTimeout(boot, 300); }
})();
/*` + strings.ReplaceAll(string(loader), "*/", "* /") + `*/
`)}
	site["bench/inert-worker.js"] = &fstest.MapFile{Data: []byte(`fetch("/hearth.json", { credentials: "omit" }).then(function (r) { return r.text(); });
fetch(` + u(manifest.Worker) + `, { mode: "cors", credentials: "omit" })
  .then(function (r) { return r.arrayBuffer(); })
  .then(function () { return fetch(` + u(manifest.Wasm) + `, { mode: "cors", credentials: "omit" }); })
  .then(function (r) { return r.arrayBuffer(); });
`)}
	// A do-nothing async script of the loader's bytes: what any script tag
	// in the loader's place costs the page's simulated LCP.
	site["bench/idle.html"] = &fstest.MapFile{Data: []byte(strings.Replace(home, tag, `<script src="/bench/idle.js" async></script>`, 1))}
	site["bench/idle.js"] = &fstest.MapFile{Data: []byte(`/*` + strings.ReplaceAll(string(loader), "*/", "* /") + `*/
`)}
	site["bench/floor.wasm"] = &fstest.MapFile{Data: floor}
	site["bench/wasm_exec.js"] = &fstest.MapFile{Data: glue}
	return site, nil
}

// readSite reads every file under dir into a site the bench's servers
// serve (and the bench adds its own pages to).
func readSite(dir string) (fstest.MapFS, error) {
	site := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		site[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	return site, err
}

// growthBookBundle is GrowthBook's browser build (a global, growthbook).
const growthBookBundle = "build/.tools/node_modules/@growthbook/growthbook/dist/bundles/index.min.js"

// growthBookSwap makes GrowthBook do what Hearth does on the home page:
// the hero's camping variant for a visitor whose stored attributes
// (gbSeed) say camping.
const growthBookSwap = `
;(function () {
  var attrs = {};
  try { attrs = JSON.parse(localStorage.getItem("gb:attributes") || "{}"); } catch (e) {}
  var gb = new growthbook.GrowthBook({ attributes: attrs, features: {
    hero: { defaultValue: "", rules: [{ condition: { interest: "camping" }, force: "camping" }] } } });
  function go() {
    var v = gb.getFeatureValue("hero", "");
    var slot = document.querySelector('[data-hearth-slot="hero"]');
    var t = v && document.querySelector('template[data-hearth-variant="hero/' + v + '"]');
    if (slot && t) { slot.replaceChildren(t.content.cloneNode(true)); slot.setAttribute("data-hearth-applied", v); }
    performance.mark("growthbook:applied");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go); else go();
})();
`

// gbSeed is a returning visitor's stored attributes for growthBookSwap.
const gbSeed = `{"interest":"camping"}`
