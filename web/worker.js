/* Hearth's worker. The build puts Go's wasm glue (wasm_exec.js) in front of
 * this file: together they are hearth-worker.js, started by the loader as a
 * Web Worker so that Go's start-up and every decision run off the page's
 * main thread. The first message names the module (URL and SRI); it is
 * fetched with its integrity checked, compiled and run here. Every later
 * message is a JSON text for the session (wasm/session), whose
 * answers go back as JSON texts. Nothing here touches the network but the
 * fetch of the module and, where the config names one, of the site's
 * catalog (its path, which the page side read from the config's text):
 * neither URL depends on the profile, and the module itself makes no
 * request. The catalog goes to the module as a message after the boot
 * message, whenever it arrives.
 * The start's phases (fetch and compile, instantiate, Go's start, the boot
 * message) go to the page as times, which it shows as User Timing measures. */
(function () {
  "use strict";
  var queue = [], started = false, phases = [], booted = false, catalog = null;
  function now() { return performance.timeOrigin + performance.now(); }
  function phase(name, start) { var t = now(); phases.push([name, start, t]); return t; }
  function fatal(msg) { postMessage(JSON.stringify({ fatal: msg })); }
  function handle(m) {
    if (!self.hearthHandle) return queue.push(m);
    if (booted) return self.hearthHandle(m);
    booted = true;
    var t = now();
    self.hearthHandle(m);
    phase("boot", t);
    postMessage({ phases: phases }); // an object: the page tells it from answers (text)
    if (catalog) catalog();
  }
  // fetchCatalog fetches the site's catalog, without cookies, and hands
  // it to the module once the module has booted.
  function fetchCatalog(url, path) {
    function give(text, error) {
      var m = JSON.stringify({ t: "catalog", path: path, text: text, error: error }); // undefined fields go
      catalog = function () { catalog = null; handle(m); };
      if (booted) catalog();
    }
    var ctl = self.AbortController ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, 10000) : 0;
    fetch(url, { credentials: "omit", mode: "cors", signal: ctl ? ctl.signal : undefined }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (text) {
      clearTimeout(timer);
      give(text);
    }, function (e) {
      clearTimeout(timer);
      give(undefined, ctl && ctl.signal.aborted ? "no answer after 10 s" : String(e && e.message ? e.message : e));
    });
  }
  self.onmessage = function (e) {
    var m = e.data;
    if (m && typeof m === "object" && typeof m.catalog === "string") return fetchCatalog(m.catalog, m.path);
    if (started) return handle(m);
    started = true;
    postMessage({ alive: true }); // the page now waits for the module (an object: not an answer)
    var url = m.url, t = now();
    phases.push(["worker-script", 0, t]); // the page knows when it started it
    fetch(url, { integrity: m.integrity || "", mode: "cors", credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      if (WebAssembly.compileStreaming) return WebAssembly.compileStreaming(r);
      return r.arrayBuffer().then(WebAssembly.compile);
    }, function (e) {
      throw new Error((e && e.message ? e.message : e) + " (missing, unreachable, or not the file the bundle's manifest names)");
    }).then(function (mod) {
      t = phase("module-fetch-compile", t);
      var go = new self.Go();
      return WebAssembly.instantiate(mod, go.importObject).then(function (inst) {
        t = phase("instantiate", t);
        // run returns when main blocks: hearthHandle is set by then.
        go.run(inst).then(function () { fatal("module exited"); }, function (e) { fatal("module crashed: " + (e && e.message ? e.message : e)); });
        phase("go-start", t);
        var q = queue;
        queue = [];
        q.forEach(handle);
      });
    }).catch(function (e) { fatal(url + ": " + (e && e.message ? e.message : e)); });
  };
})();
