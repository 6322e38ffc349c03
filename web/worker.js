/* Hearth's worker. The build puts Go's wasm glue (wasm_exec.js) in front of
 * this file: together they are hearth-worker.js, started by the loader as a
 * Web Worker so that Go's start-up and every decision run off the page's
 * main thread. The first message names the module (URL and SRI) and the
 * site's config (its URL, or its text where the page holds it inline):
 * the module is fetched with its integrity checked, compiled and run here,
 * and the config fetched here too, so that neither request nor the
 * config's text costs the page's main thread anything (#36). Every later
 * message is a JSON text for the session (wasm/session), whose answers go
 * back as JSON texts; the page's boot message gets the config put in
 * before the module reads it. Nothing here touches the network but the
 * fetch of the module, of the config and, where the config names one, of
 * the site's catalog: no URL depends on the profile, and the module
 * itself makes no request. The catalog goes to the module as a message
 * after the boot message, whenever it arrives.
 * News for the page goes as objects (answers are texts): the config's
 * hash and whether it names a catalog, once it is here (which also tells
 * the page the worker runs: it now waits for the module), and, on a page
 * that asked for them (?hearth-timing), the start's phases (the config's
 * fetch, the module's fetch and compile, instantiate, Go's start, the
 * boot message). */
(function () {
  "use strict";
  var queue = [], started = false, phases = [], booted = false, catalog = null, timing = false;
  var config = null, inbox = Promise.resolve(), origin = "";
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
    if (timing) postMessage({ phases: phases }); // an object: the page tells it from answers (text)
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
  // configOf has the site's config: the page's own text (a config inline
  // in the page), or its URL, fetched here without cookies (a static file,
  // the same for every visitor: a site must not serve each visitor their
  // own) within 10 s; every failure names the file. Once it is here, the
  // page is told its hash (a replay from another config is taken back at
  // once) and whether it names a catalog (the page then sends its words,
  // for the catalog's model), and the catalog is asked for.
  function configOf(c) {
    var t = now(), ctl = null, timer = 0;
    if (typeof c.text === "string") {
      config = Promise.resolve(c.text);
    } else {
      ctl = self.AbortController ? new AbortController() : null;
      timer = ctl ? setTimeout(function () { ctl.abort(); }, 10000) : 0;
      config = fetch(c.url, { credentials: "omit", signal: ctl ? ctl.signal : undefined }).then(function (r) {
        clearTimeout(timer);
        if (!r.ok) throw new Error(c.url + ": HTTP " + r.status);
        return r.text();
      }, function (e) {
        clearTimeout(timer);
        throw new Error(c.url + ": " + (ctl && ctl.signal.aborted ? "no answer after 10 s" : e && e.message ? e.message : e));
      });
    }
    config = config.then(function (text) {
      if (c.url) phase("config", t);
      var path = catalogPath(text);
      postMessage({ cfg: configHash(text), catalog: !!path });
      if (path) fetchCatalog(origin + path, path);
      return text;
    });
    config.catch(function (e) { fatal(e.message); });
  }
  // configHash is the loader's configHash: FNV-1a, 32 bits, over the
  // text's UTF-8 bytes, 8 hex digits.
  function configHash(text) {
    var b = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return ("0000000" + h.toString(16)).slice(-8);
  }
  // catalogPath is the path of the site's catalog the config names
  // ("catalog", on the page's origin: the same request for every
  // visitor), or "" (the module checks it against the config it parses).
  function catalogPath(text) {
    if (text.indexOf('"catalog"') < 0) return "";
    var path;
    try { path = JSON.parse(text).catalog; } catch (e) { return ""; } // the module says what is wrong with it
    return typeof path === "string" && path.charAt(0) === "/" && !/^\/[\/\\]/.test(path) ? path : "";
  }
  // withConfig puts the fetched config into the page's boot message (a
  // JSON object's text, which has none), once it is here.
  function withConfig(m) {
    if (!config || typeof m !== "string" || m.indexOf('{"t":"boot"') !== 0) return m;
    var c = config;
    config = null; // one boot message
    return c.then(function (text) { return m.slice(0, -1) + ',"config":' + JSON.stringify(text) + "}"; });
  }
  self.onmessage = function (e) {
    var m = e.data;
    if (started) {
      // In order: the boot message may wait for the config.
      inbox = inbox.then(function () { return withConfig(m); }).then(handle);
      return;
    }
    started = true;
    timing = !!m.timing;
    origin = m.origin || "";
    if (m.config) configOf(m.config);
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
