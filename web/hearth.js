/* Hearth loader. One script tag:
 *   <script src="/hearth/hearth.js" data-config="/hearth.json" async></script>
 * It loads the Go glue and the WebAssembly module from its own base URL, and
 * never holds the page back: a new visitor sees the defaults with nothing
 * hidden; a returning visitor gets the module's last decision for this page
 * replayed from the templates at once; slots are hidden only while a decision
 * is pending, never past TIMEOUT, and every failure brings the defaults back.
 * It has no logic of its own beyond that replay. It sends nothing anywhere:
 * its only requests are for the bundle's files and the site's config. */
(function () {
  "use strict";
  var KEY = "hearth:v1";
  var TIMEOUT = 1000; // ms a pending slot may stay hidden (the performance budget)
  var CONFIG_TIMEOUT = 10000; // ms the config request may take before Hearth gives up
  // The build replaces the next line with the bundle's file names and SRI.
  var M = /*HEARTH:MANIFEST*/ { wasm: "hearth.wasm", glue: "wasm_exec.js", css: "hearth.css", sha256: "", sri: {} };

  var doc = document;
  var root = doc.documentElement;
  var script = doc.currentScript;
  if (window.hearth && window.hearth.ready) return; // loaded twice
  var base = new URL(".", (script && script.src) || location.href).href;
  var SLOT = "data-hearth-slot";
  var APPLIED = "data-hearth-applied";
  var PENDING = "data-hearth-pending";

  var q = [];
  var settle = {};
  var api = (window.hearth = {
    ready: new Promise(function (resolve, reject) { settle.resolve = resolve; settle.reject = reject; }),
    _q: q
  });
  api.ready.catch(function () {}); // failures are reported once, below
  ["track", "declare", "open", "clear", "pause", "resume"].forEach(function (m) {
    api[m] = function () { if (api._q) api._q.push([m, [].slice.call(arguments)]); };
  });
  api.profile = api.decisions = api["export"] = function () { return null; };

  // Hiding is a class on <html>, so it also covers slots not parsed yet. A
  // constructed stylesheet needs no 'unsafe-inline' in the site's CSP.
  var hideCSS = "html.hearth-pending [" + SLOT + "],[" + SLOT + "][" + PENDING + "]{visibility:hidden}";
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(hideCSS);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([sheet]);
  } catch (e) {
    var hide = doc.createElement("style");
    hide.textContent = hideCSS;
    (doc.head || root).appendChild(hide);
  }

  var css = doc.createElement("link");
  css.rel = "stylesheet";
  css.href = base + M.css;
  css.crossOrigin = "anonymous";
  if (M.sri.css) css.integrity = M.sri.css;
  (doc.head || root).appendChild(css);

  // Storage is touched only here, inside try: reading window.localStorage
  // itself throws where storage is blocked (cookies blocked, sandboxed
  // frames), and a throw inside the module's own reads could not be caught.
  // The module gets the object, or null, and then keeps the profile in memory.
  var store = null, stored = null;
  try { store = window.localStorage; stored = store.getItem(KEY); } catch (e) { store = null; }

  // Replay: only a returning visitor has anything to replay or to wait for.
  var state = null;
  try { state = JSON.parse(stored || "null"); } catch (e) { state = null; }
  if (!state || typeof state !== "object" || state.v !== 1) state = null;
  var replay = null, replayRecs = [];
  if (state) {
    (Array.isArray(state.replay) ? state.replay : []).forEach(function (r) {
      if (r && r.path === location.pathname && r.slots && typeof r.slots === "object") {
        replay = r.slots;
        replayRecs = Array.isArray(r.recs) ? r.recs : [];
      }
    });
    root.classList.add("hearth-pending");
  }
  // The deadline counts from now, whenever the page finishes parsing: a
  // slow body or config never keeps a slot hidden past it.
  var deadline = Date.now() + TIMEOUT;
  var timer = state ? setTimeout(reveal, TIMEOUT) : 0;
  var settled = false;

  function swap(slot, variant) {
    var t = null;
    var all = doc.querySelectorAll("template[data-hearth-variant]");
    for (var i = 0; i < all.length; i++) {
      if (all[i].getAttribute("data-hearth-variant") === slot.getAttribute(SLOT) + "/" + variant) { t = all[i]; break; }
    }
    if (!t) return false;
    var keep = doc.createDocumentFragment();
    while (slot.firstChild) keep.appendChild(slot.firstChild);
    slot.hearthDefault = keep;
    slot.appendChild(t.content.cloneNode(true));
    slot.setAttribute(APPLIED, variant);
    return true;
  }

  // Every variant's and every candidate item's images are requested on
  // every page view, whatever will be shown, so that the network never
  // learns which variant won or which items were recommended. Only
  // <img>/<source>/<video poster> in templates are seen: a variant whose
  // CSS loads an image when it is shown still tells.
  function preload() {
    var seen = {};
    var tpls = doc.querySelectorAll("template[data-hearth-variant], template[data-hearth-item-template]");
    for (var i = 0; i < tpls.length; i++) {
      var els = tpls[i].content.querySelectorAll("img[src], img[srcset], source[srcset], source[src], video[poster]");
      for (var j = 0; j < els.length; j++) {
        var el = els[j], srcset = el.getAttribute("srcset") || "";
        var src = el.getAttribute("src") || el.getAttribute("poster") || "";
        var key = srcset + " " + src;
        if (seen[key]) continue; // before any request: an Image loads as soon as it has a URL
        seen[key] = true;
        var img = new Image();
        if (el.getAttribute("sizes")) img.sizes = el.getAttribute("sizes");
        if (srcset) img.srcset = srcset;
        if (src) img.src = new URL(src, doc.baseURI).href;
      }
    }
  }

  function onParsed() {
    // Preload first: a replayed variant inserted before would request its
    // images ahead of the others, and the order would tell which one won.
    preload();
    replayNow();
  }

  function replayNow() {
    if (!state || settled) return; // nothing stored, or the module was first
    var slots = doc.querySelectorAll("[" + SLOT + "]");
    var any = false, wait = Date.now() < deadline;
    for (var i = 0; i < slots.length; i++) {
      var s = slots[i], name = s.getAttribute(SLOT);
      if (!replay || !Object.prototype.hasOwnProperty.call(replay, name)) {
        if (wait) s.setAttribute(PENDING, ""); // a slot this page has not decided before
      } else if (replay[name] && !s.hasAttribute(APPLIED)) {
        any = swap(s, replay[name]) || any;
      }
    }
    var recs = doc.querySelectorAll("[data-hearth-recommend]"), items = null;
    for (var j = 0; j < recs.length && j < replayRecs.length; j++) {
      if (recs[j].hasAttribute(APPLIED)) continue;
      items = items || itemTemplates();
      fillRecs(recs[j], replayRecs[j], items);
    }
    root.classList.remove("hearth-pending");
    if (replay && performance.mark) performance.mark("hearth:applied");
  }

  // fillRecs shows a recommendation slot's remembered items from the page's
  // item templates, as the module renders them (it adds their buttons when
  // it confirms). A slot with an item the page has no template for keeps
  // its default.
  function fillRecs(slot, skus, tpls) {
    if (!Array.isArray(skus) || !skus.length) return;
    var frag = doc.createDocumentFragment(), key = "";
    for (var k = 0; k < skus.length; k++) {
      var t = typeof skus[k] === "string" && Object.prototype.hasOwnProperty.call(tpls, skus[k]) ? tpls[skus[k]] : null;
      if (!t) return;
      var wrap = doc.createElement("div");
      wrap.className = "hearth-item";
      wrap.setAttribute("data-hearth-item", skus[k]);
      wrap.appendChild(t.content.cloneNode(true));
      frag.appendChild(wrap);
      key += skus[k] + " ";
    }
    var keep = doc.createDocumentFragment();
    while (slot.firstChild) keep.appendChild(slot.firstChild);
    slot.hearthDefault = keep;
    slot.appendChild(frag);
    slot.setAttribute(APPLIED, key);
    slot.setAttribute("data-hearth-replayed", "");
  }

  // itemTemplates indexes the page's item templates by SKU (the first wins,
  // as in the module).
  function itemTemplates() {
    var tpls = {}, all = doc.querySelectorAll("template[data-hearth-item-template][data-hearth-item]");
    for (var i = 0; i < all.length; i++) {
      var sku = all[i].getAttribute("data-hearth-item");
      if (!Object.prototype.hasOwnProperty.call(tpls, sku)) tpls[sku] = all[i];
    }
    return tpls;
  }

  // reveal shows every slot as it is now; restore also brings defaults back.
  function reveal() {
    clearTimeout(timer);
    root.classList.remove("hearth-pending");
    var p = doc.querySelectorAll("[" + PENDING + "]");
    for (var i = 0; i < p.length; i++) p[i].removeAttribute(PENDING);
  }
  function restore() {
    var s = doc.querySelectorAll("[" + APPLIED + "]");
    for (var i = 0; i < s.length; i++) {
      if (s[i].hearthDefault) s[i].replaceChildren(s[i].hearthDefault.cloneNode(true));
      s[i].removeAttribute(APPLIED);
    }
    var w = doc.querySelectorAll("button.hearth-why");
    for (var j = 0; j < w.length; j++) w[j].remove();
    reveal();
  }
  function fail(msg) {
    if (settled) return;
    settled = true;
    restore();
    if (window.console) console.error("hearth: " + msg);
    settle.reject(new Error("hearth: " + msg));
  }
  api._fail = fail;
  api._resolve = function () { settled = true; reveal(); settle.resolve(api); };

  // Single-page apps: the module hears of each change of path or query
  // (pushState, replaceState, back and forward) through api._navigated. The
  // wrappers are JavaScript so that the site's call throws exactly what the
  // browser's throws (a cross-origin URL's SecurityError) and nothing of
  // Hearth's can break the site's routing.
  var lastURL = location.pathname + location.search, navPending = false;
  function navigated() {
    navPending = false;
    var k = location.pathname + location.search;
    if (k === lastURL) return;
    lastURL = k;
    if (typeof api._navigated === "function") {
      try { api._navigated(); } catch (e) { if (window.console) console.error("hearth: navigation: " + e); }
    }
  }
  function later() {
    // Later, not now: the app updates the page after it pushes the state.
    if (!navPending) { navPending = true; setTimeout(navigated, 0); }
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var orig = history[name];
    if (typeof orig !== "function") return;
    history[name] = function () {
      var out = orig.apply(this, arguments);
      later();
      return out;
    };
  });
  window.addEventListener("popstate", later);

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", onParsed);
  else onParsed();

  // get fetches url; every failure names the file. A fetch with an integrity
  // check fails without a status when the file is missing (a 404 page is not
  // the file the manifest names), hence the hint.
  function get(url, opts, ms) {
    var ctl = ms && window.AbortController ? new AbortController() : null;
    var t = ctl ? setTimeout(function () { ctl.abort(); }, ms) : 0;
    if (ctl) opts.signal = ctl.signal;
    return fetch(url, opts).then(function (r) {
      clearTimeout(t);
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r;
    }, function (e) {
      clearTimeout(t);
      if (ctl && ctl.signal.aborted) throw new Error(url + ": no answer after " + ms / 1000 + " s");
      throw new Error(url + ": " + (e && e.message ? e.message : e) +
        (opts.integrity ? " (missing, unreachable, or not the file the bundle's manifest names)" : ""));
    });
  }
  function configText() {
    var inline = doc.getElementById("hearth-config");
    if (inline) return Promise.resolve(inline.textContent);
    var src = script && script.getAttribute("data-config");
    if (!src) return Promise.reject(new Error("no config: add data-config to the script tag or a #hearth-config script"));
    return get(new URL(src, location.href).href, { credentials: "same-origin" }, CONFIG_TIMEOUT).then(function (r) { return r.text(); });
  }
  function loadGlue() {
    if (window.Go) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var s = doc.createElement("script");
      s.src = base + M.glue;
      s.crossOrigin = "anonymous";
      if (M.sri.glue) s.integrity = M.sri.glue;
      s.onload = resolve;
      s.onerror = function () { reject(new Error(s.src + ": failed to load")); };
      (doc.head || root).appendChild(s);
    });
  }
  function compile() {
    var res = get(base + M.wasm, { integrity: M.sri.wasm || "", mode: "cors", credentials: "omit" });
    if (WebAssembly.compileStreaming) return WebAssembly.compileStreaming(res);
    return res.then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
  }

  try {
    Promise.all([compile(), loadGlue(), configText()]).then(function (r) {
      api._boot = { config: r[2], css: base + M.css, base: base, sha256: M.sha256 || "", storage: store };
      var go = new window.Go();
      return WebAssembly.instantiate(r[0], go.importObject).then(function (inst) {
        go.run(inst).then(function () { fail("module exited"); }, function (e) { fail("module crashed: " + (e && e.message ? e.message : e)); });
      });
    }).catch(function (e) { fail(e && e.message ? e.message : String(e)); });
  } catch (e) {
    fail(e && e.message ? e.message : String(e));
  }
})();
