/* Hearth loader. One script tag:
 *   <script src="/hearth/hearth.js" data-config="/hearth.json" async></script>
 * It never holds the page back: a new visitor sees the defaults with nothing
 * hidden; a returning visitor gets the module's last decision for this page
 * replayed from the templates at once; slots are hidden only while a
 * decision is pending, never past TIMEOUT, and every failure brings the
 * defaults back.
 *
 * The Go module runs in a Web Worker (hearth-worker.js): Go's start-up and
 * every decision happen off the page's main thread. This file is small on
 * purpose: the replay, the hiding and the defaults, and the start of the
 * rest. The page side (hearth-page.js: the page's facts, the worker, the
 * answers, the panel) comes when the module starts, at the same moment for
 * every visitor (see startModule). It decides nothing itself beyond the
 * replay. It sends
 * nothing anywhere: its only requests are for the bundle's files (the
 * worker fetches the site's config). */
(function () {
  "use strict";
  var KEY = "hearth:v1";
  var TIMEOUT = 1000; // ms a pending slot may stay hidden (the performance budget)
  var START_AFTER = 300; // ms after the page is parsed by which the module starts, loaded or not
  var START_TIMEOUT = 15000; // ms from the module's start to its first answer before Hearth gives up
  // The build replaces the next line with the bundle's file names and SRI.
  var M = /*HEARTH:MANIFEST*/ { wasm: "hearth.wasm", worker: "hearth-worker.js", page: "hearth-page.js", css: "hearth.css", sha256: "", sri: {} };

  var T0 = performance.now();
  var doc = document;
  var root = doc.documentElement;
  var script = doc.currentScript;
  if (window.hearth && window.hearth.ready) return; // loaded twice
  var base = new URL(".", (script && script.src) || location.href).href;
  var SLOT = "data-hearth-slot";
  var APPLIED = "data-hearth-applied";
  var PENDING = "data-hearth-pending";
  var REPLAYED = "data-hearth-replayed";
  var ITEM = "data-hearth-item";
  var RESERVE = "data-hearth-reserve";
  var BAR = "hearth-bar";
  var INTERACTIVE = /^(A|BUTTON|LABEL|SELECT|TEXTAREA|INPUT|DETAILS|SUMMARY)$/;
  var has = Object.prototype.hasOwnProperty;

  // span shows a phase of Hearth's start as a User Timing measure
  // ("hearth:…", in the browser's performance panel and make bench's
  // table), on a page whose URL asks for them (?hearth-timing): each
  // entry is main-thread work on every page view, a page's first several
  // milliseconds of it on a phone (#36), for a figure only a developer
  // reads. The marks the guide promises (hearth:applied, hearth:ready)
  // are always made.
  var timing = /[?&]hearth-timing(?:[=&]|$)/.test(location.search);
  function span(name, start, end) {
    if (!timing) return;
    try { performance.measure("hearth:" + name, { start: start, end: end === undefined ? performance.now() : end }); } catch (e) { /* an old browser */ }
  }
  // afterTask runs fn in a task after this one. The loader's own marks and
  // measures go there: its task is on the page's critical path, and a
  // page's first User Timing entry costs a millisecond or two.
  var after = [];
  function afterTask(fn) {
    if (!after.length) setTimeout(function () { var fns = after; after = []; fns.forEach(function (f) { f(); }); }, 0);
    after.push(fn);
  }
  function spanLater(name, start) {
    if (!timing) return;
    var end = performance.now();
    afterTask(function () { span(name, start, end); });
  }

  var q = [];
  var settle = {};
  var api = (window.hearth = {
    ready: new Promise(function (resolve, reject) { settle.resolve = resolve; settle.reject = reject; }),
    _q: q
  });
  api.ready.catch(function () {}); // failures are reported once, below
  var STUBS = ["track", "declare", "goal", "open", "clear", "pause", "resume", "navigated"]; // queued until the page side runs
  STUBS.forEach(function (m) {
    api[m] = function () {
      var args = [].slice.call(arguments);
      return new Promise(function (resolve) { if (api._q) api._q.push([m, args, resolve]); });
    };
  });
  api.profile = api.decisions = api["export"] = function () { return null; };

  // Hiding is a class on <html>, so it also covers slots not parsed yet. A
  // constructed stylesheet needs no 'unsafe-inline' in the site's CSP.
  // A slot that shows a variant, and a recommended item, hold their
  // buttons, placed against them; :where() lets any rule of the site's own
  // position them otherwise.
  // The bar that holds a slot's or an item's buttons is one line in the
  // flow, after the content, so that it never covers it; its box is set
  // here, before any replay, so that the buttons arriving later move
  // nothing. `--hearth-buttons: absolute` on a slot puts it at the corner.
  // An `async` loader may run after the first paint, though: then only the
  // page's own CSS can hold the line (data-hearth-reserve, below).
  // Its buttons stack above a card's own overlay (Bootstrap's
  // .stretched-link, a theme's absolutely placed link, z-index 1): a click
  // on "Why?" must not open the post.
  var hideCSS = "html.hearth-pending [" + SLOT + "],[" + PENDING + "]{visibility:hidden}" +
    ":where([" + APPLIED + "],[" + ITEM + "]:not(template)){position:relative}" +
    "." + BAR + "{display:flex;justify-content:flex-end;align-items:center;gap:.5rem;block-size:1.75rem;margin-block-start:.5rem;" +
    "position:var(--hearth-buttons,static);inset-block-start:0;inset-inline-end:.5rem;z-index:2}" +
    ":where(." + BAR + ">*){position:relative;z-index:2}" +
    // A slot whose line the site's own CSS keeps from the first paint
    // ([data-hearth-reserve] { padding-block-end: 2.25rem }) gets its bar
    // in that space: it adds no height, whenever it arrives.
    ":where([" + RESERVE + "]){position:relative}" +
    "[" + RESERVE + "]>." + BAR + "{position:absolute;inset-block:auto 0;inset-inline:0 .5rem;margin:0}";
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(hideCSS);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([sheet]);
  } catch (e) {
    var hide = doc.createElement("style");
    hide.textContent = hideCSS;
    (doc.head || root).appendChild(hide);
  }

  // The stylesheet styles only what the worker's answers add (the "Why?"
  // buttons, the launcher, the panel): the page side loads it when the
  // module starts (web/page/style.js), with the page's nonce.
  var nonce = (script && script.nonce) || "";

  // scriptURL gives the URL of one of the bundle's two scripts ("page" or
  // "worker"), acceptable where the page requires Trusted Types
  // (require-trusted-types-for 'script'): through a policy named "hearth"
  // that passes exactly those two URLs, compared whole, so that no path
  // trick (a backslash, %2e%2e) can make it pass another script. The policy
  // itself stays in this closure; scriptURL, which the page side takes over,
  // names no URL of its caller's. Without Trusted Types, or when the page's
  // trusted-types directive does not allow the name, the URL stays a string
  // (and the browser reports what it blocks).
  var scripts = {};
  scripts[base + M.page] = scripts[base + M.worker] = true;
  var tt = null;
  try {
    if (window.trustedTypes && trustedTypes.createPolicy) {
      tt = trustedTypes.createPolicy("hearth", {
        createScriptURL: function (u) {
          if (has.call(scripts, u)) return u;
          throw new TypeError("hearth: not a script of the bundle: " + u);
        }
      });
    }
  } catch (e) { /* the name is not allowed, or taken */ }
  function scriptURL(which) {
    var u = base + (which === "page" ? M.page : M.worker);
    return tt ? tt.createScriptURL(u) : u;
  }

  // workerSource says where the worker starts from ({url, trusted, checked}:
  // checked settles once its bytes passed their SRI). Where the page pinned
  // this loader (integrity on its tag), from a blob: URL made here of the
  // bytes fetched with their SRI, so that what runs is what was checked;
  // else from its own URL, its bytes checked by a fetch of the same
  // immutable URL (see web/page/boot.js).
  var pinned = !!(script && script.integrity);
  function workerSource() {
    var opts = { integrity: M.sri.worker || "", mode: "cors", credentials: "omit" };
    var checked = get(base + M.worker, opts);
    if (!pinned) {
      checked.catch(function () {}); // reported where it is awaited
      return Promise.resolve({ url: base + M.worker, trusted: scriptURL("worker"), checked: checked });
    }
    return checked.then(function (r) { return r.blob(); }).then(function (b) {
      var u = URL.createObjectURL(new Blob([b], { type: "text/javascript" }));
      scripts[u] = true;
      return { url: u, trusted: tt ? tt.createScriptURL(u) : u, checked: true };
    });
  }
  // Storage is touched only inside try: reading window.localStorage itself
  // throws where storage is blocked (cookies blocked, sandboxed frames). The
  // worker then keeps the profile in memory for the page.
  // Its first read is a synchronous wait on the browser's storage process,
  // the largest part of the loader's task in traces (1-15 ms): a span of
  // its own shows it.
  var store = null, stored = null, ts = performance.now();
  try { store = window.localStorage; stored = store.getItem(KEY); } catch (e) { store = null; }
  spanLater("storage", ts);
  function readStored() {
    try { return store ? store.getItem(KEY) : null; } catch (e) { return null; }
  }

  // Replay: only a returning visitor has anything to replay or to wait for.
  var state = null;
  try { state = JSON.parse(stored || "null"); } catch (e) { state = null; }
  if (!state || typeof state !== "object" || state.v !== 1) state = null;
  var replay = replayOf(state, location.pathname), replayCfg = replay ? replay.cfg : "";
  if (state) root.classList.add("hearth-pending");
  // replayOf is the last decision a stored state keeps for a path: its
  // slots' variants, its recommendation slots' items and the hash of the
  // config it came from; null when there is none.
  function replayOf(st, path) {
    var list = st && typeof st === "object" && Array.isArray(st.replay) ? st.replay : [], found = null;
    for (var i = 0; i < list.length; i++) {
      var r = list[i];
      if (r && r.path === path && r.slots && typeof r.slots === "object") {
        found = { slots: r.slots, recs: Array.isArray(r.recs) ? r.recs : [], cfg: typeof r.cfg === "string" ? r.cfg : "" };
      }
    }
    return found;
  }
  // The deadline counts from now, whenever the page finishes parsing: a
  // slow body or config never keeps a slot hidden past it.
  var deadline = Date.now() + TIMEOUT;
  var timer = state ? setTimeout(reveal, TIMEOUT) : 0;
  var settled = false;

  // variantTemplates indexes the variant templates by "slot/name", the
  // first of each name winning, without building selectors from page text.
  function variantTemplates() {
    var m = {}, all = doc.querySelectorAll("template[data-hearth-variant]");
    for (var i = 0; i < all.length; i++) {
      var k = all[i].getAttribute("data-hearth-variant");
      if (!has.call(m, k)) m[k] = all[i];
    }
    return m;
  }

  // swapTo replaces an element's content by content (null: its default),
  // keeping the default aside the first time, and marks it applied.
  function swapTo(el, content, applied) {
    if (!el.hearthDefault) {
      var keep = doc.createDocumentFragment();
      while (el.firstChild) keep.appendChild(el.firstChild);
      el.hearthDefault = keep;
    } else {
      el.replaceChildren();
    }
    if (!content) {
      el.appendChild(el.hearthDefault.cloneNode(true));
      el.removeAttribute(APPLIED);
      return;
    }
    el.appendChild(content);
    el.setAttribute(APPLIED, applied);
  }

  // request asks for one URL now, from this script: as a srcset, which
  // Chromium requests at once, where a src waits for a microtask (and is
  // then credited to the parser, racing with its own requests). A URL a
  // srcset cannot carry (white space, a trailing comma) goes as a src; ask
  // does the same on a given image.
  function request(u) {
    ask(new Image(), u);
  }
  function ask(img, u) {
    if (/\s|,$/.test(u)) img.src = u;
    else img.srcset = u;
  }

  // Every variant's and every candidate item's resources are requested on
  // every page view, whatever will be shown, so that the network never
  // learns which variant won or which items were recommended: images (what
  // each <img> would show: see preloadImage; <input type=image>, SVG
  // <image>), video posters and the sources of <video>, <audio> and <track>
  // (requested as an image: the request is what must be uniform). A variant
  // that loads anything else when shown (a frame, an object, a stylesheet,
  // an inline url()) still tells: PRIVACY.md says to keep such content out
  // of variants.
  function preload() {
    var seen = {};
    var tpls = doc.querySelectorAll("template[data-hearth-variant], template[data-hearth-item-template], template[data-hearth-card]");
    for (var i = 0; i < tpls.length; i++) {
      var els = tpls[i].content.querySelectorAll("img, video[poster], video[src], audio[src], video>source[src], audio>source[src], track[src], input[src], image");
      for (var j = 0; j < els.length; j++) {
        var el = els[j];
        if (el.localName === "img") {
          preloadImage(el, seen);
          continue;
        }
        var urls = ["src", "poster", "href", "xlink:href"];
        for (var k = 0; k < urls.length; k++) {
          var u = el.getAttribute(urls[k]);
          if (u && !seen[u]) {
            seen[u] = true;
            request(new URL(u, doc.baseURI).href);
          }
        }
      }
    }
  }

  // preloadImage asks for what the <img> el would show, as the browser
  // chooses it: in a <picture>, the picture is rebuilt around a new image
  // (detached, its sources before it), so that the WebP a page shows is
  // requested and its JPEG fallback is not; with the image's crossorigin and
  // referrerpolicy, so that the shown image finds the request in the cache
  // instead of making its own.
  var IMG = ["crossorigin", "referrerpolicy", "sizes", "srcset", "src"], SOURCE = ["srcset", "sizes", "type", "media"];
  function preloadImage(el, seen) {
    var key = "", p = el.parentNode, sources = [];
    if (p && p.localName === "picture") {
      for (var c = p.firstElementChild; c && c !== el; c = c.nextElementSibling) {
        if (c.localName !== "source") continue;
        sources.push(c);
        for (var a = 0; a < SOURCE.length; a++) key += "|" + (c.getAttribute(SOURCE[a]) || "");
      }
    }
    for (var i = 0; i < IMG.length; i++) key += "|" + (el.getAttribute(IMG[i]) || "");
    if (!sources.length && !el.getAttribute("src") && !el.getAttribute("srcset")) return;
    if (seen[key]) return; // before any request: an image loads as soon as it has a URL
    seen[key] = true;
    var img = doc.createElement("img");
    if (sources.length) {
      var pic = doc.createElement("picture");
      for (var k = 0; k < sources.length; k++) pic.appendChild(doc.importNode(sources[k], false));
      pic.appendChild(img);
    }
    for (var j = 0; j < IMG.length - 1; j++) {
      var v = el.getAttribute(IMG[j]);
      if (v !== null) img.setAttribute(IMG[j], v);
    }
    var src = el.getAttribute("src");
    if (!src) return;
    src = new URL(src, doc.baseURI).href;
    if (el.getAttribute("srcset") === null) ask(img, src); // a lone src goes as a srcset, as in request
    else img.src = src;
  }


  function onParsed() {
    // The preload comes first and at the same moment for every visitor, new
    // or returning: a replayed variant inserted before would request its
    // images ahead of the others, and a preload that waited for a later task
    // for new visitors only would move among the page's own requests.
    var t = performance.now();
    preload();
    spanLater("preload", t);
    if (state) {
      t = performance.now();
      replayNow();
      spanLater("replay", t);
    }
    startModule();
  }

  // startModule starts the module at the same moment for every visitor,
  // whatever is stored (the server sees the bundle's requests, and their
  // moment must not tell a returning visitor from a new one): once the page
  // has loaded, so that the module's 700 KB do not compete with the page's
  // own loading, or START_AFTER ms after the page was parsed, whichever
  // comes first, so that a slot left waiting on a slow page is decided
  // within its hidden budget.
  function startModule() {
    if (doc.readyState === "complete") return setTimeout(boot, 0);
    window.addEventListener("load", function () { setTimeout(boot, 0); });
    setTimeout(boot, START_AFTER);
  }

  // replayNow shows the last decision for this page; a slot this page has
  // not decided before stays hidden (at most until the deadline).
  function replayNow() {
    if (settled) return; // the module was first
    var inline = replayCfg && doc.getElementById("hearth-config");
    if (inline && configHash(inline.textContent) !== replayCfg) replay = null; // the replay came from another config
    showReplay(replay, Date.now() < deadline);
    root.classList.remove("hearth-pending");
    if (replay) {
      var at = performance.now();
      afterTask(function () { try { performance.mark("hearth:applied", { startTime: at }); } catch (e) { /* an old browser */ } });
    }
  }
  // showReplay shows a replay (replayOf) in the page's slots not applied
  // yet, on a full load and on a page swapped in (page/navigate.js): each
  // slot it decided shows its variant (its Why? button's place kept, filled
  // when the module confirms) and is no longer hidden; with hide, a slot it
  // did not decide is hidden until the module decides it. A recommendation
  // slot shows its remembered items. A variant or item the page has no
  // template for leaves the slot as it is.
  function showReplay(r, hide) {
    var slots = doc.querySelectorAll("[" + SLOT + "]"), tpls = null;
    for (var i = 0; i < slots.length; i++) {
      var s = slots[i], name = s.getAttribute(SLOT), v = r && has.call(r.slots, name) ? r.slots[name] : null;
      if (v === null) {
        if (hide) s.setAttribute(PENDING, ""); // a slot this page has not decided before
        continue;
      }
      if (s.hasAttribute(APPLIED)) continue;
      if (v) {
        tpls = tpls || variantTemplates();
        var t = tpls[name + "/" + v];
        if (!t) continue;
        swapTo(s, t.content.cloneNode(true), v);
        bar(s);
      }
      s.removeAttribute(PENDING);
    }
    var recs = doc.querySelectorAll("[data-hearth-recommend]"), rs = r ? r.recs : [], items = null;
    for (var j = 0; j < recs.length && j < rs.length; j++) {
      if (recs[j].hasAttribute(APPLIED)) continue;
      items = items || itemTemplates();
      fillRecs(recs[j], rs[j], items);
      if (recs[j].hasAttribute(APPLIED)) recs[j].removeAttribute(PENDING);
    }
  }

  // fillRecs shows a recommendation slot's remembered items from the page's
  // item templates, as the module renders them (its buttons come when the
  // worker confirms). A slot with an item the page has no template for keeps
  // its default.
  function fillRecs(slot, skus, tpls) {
    if (!Array.isArray(skus) || !skus.length) return;
    var frag = doc.createDocumentFragment(), key = "";
    for (var k = 0; k < skus.length; k++) {
      var t = typeof skus[k] === "string" && has.call(tpls, skus[k]) ? tpls[skus[k]] : null;
      if (!t) return;
      frag.appendChild(itemNode(skus[k], t));
      key += skus[k] + " ";
    }
    swapTo(slot, frag, key);
    slot.setAttribute(REPLAYED, "");
  }

  // itemNode is one recommended item: the template's own elements, each
  // marked with the SKU. No wrapper: a grid's or a row's children (a
  // Bootstrap .row > .col) stay its direct children.
  function itemNode(sku, t) {
    var frag = t.content.cloneNode(true), host = frag.firstElementChild;
    for (var el = host; el; el = el.nextElementSibling) el.setAttribute(ITEM, sku);
    // Its buttons' bar goes into its first element, unless that cannot hold
    // buttons (a link: `check --page` warns): then beside it.
    bar(host && !INTERACTIVE.test(host.tagName) ? host : frag);
    return frag;
  }

  // bar is the element's bar for Hearth's buttons (its last child), made
  // empty if it has none.
  function bar(el) {
    var last = el.lastElementChild;
    if (last && last.classList.contains(BAR)) return last;
    var b = doc.createElement("div");
    b.className = BAR;
    el.appendChild(b);
    return b;
  }

  // itemTemplates indexes the page's item templates by SKU (the first wins).
  function itemTemplates() {
    var tpls = {}, all = doc.querySelectorAll("template[data-hearth-item-template][" + ITEM + "]");
    for (var i = 0; i < all.length; i++) {
      var sku = all[i].getAttribute(ITEM);
      if (!has.call(tpls, sku)) tpls[sku] = all[i];
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
    var w = doc.querySelectorAll("." + BAR);
    for (var j = 0; j < w.length; j++) w[j].remove();
    reveal();
  }
  // configHash is the config's text's FNV-1a hash (32 bits, 8 hex digits,
  // over its UTF-8 bytes), kept with each replay: a replay from another
  // config is not shown (an inline config is checked before the replay, a
  // fetched one when it arrives: see withdraw).
  function configHash(text) {
    var b = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193) >>> 0;
    return ("0000000" + h.toString(16)).slice(-8);
  }

  // withdraw takes the replay back (the config it came from has changed:
  // cfg is the config's hash, which the worker computes as configHash):
  // the defaults come back, and the slots wait, hidden until the deadline at
  // most, for the module's decision under the new config.
  function withdraw(cfg) {
    if (!replayCfg || replayCfg === cfg || settled) return;
    var s = doc.querySelectorAll("[" + APPLIED + "]"), wait = Date.now() < deadline;
    for (var i = 0; i < s.length; i++) {
      swapTo(s[i], null, "");
      s[i].removeAttribute(REPLAYED);
      if (wait && s[i].hasAttribute(SLOT)) s[i].setAttribute(PENDING, "");
    }
  }
  function fail(msg) {
    if (settled) return;
    settled = true;
    if (I.onFail) I.onFail();
    restore();
    if (window.console) console.error("hearth: " + msg);
    settle.reject(new Error("hearth: " + msg));
  }

  // Pages swapped in without a reload: every change of the URL (pushState,
  // replaceState, back and forward) is told to the page side, which decides
  // when the new page is in (web/page/navigate.js). The wrappers are
  // JavaScript so that the site's call throws exactly what the browser's
  // throws (a cross-origin URL's SecurityError): nothing of Hearth's can
  // break the site's routing.
  function urlChanged() {
    if (I.onURL) I.onURL();
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var orig = history[name];
    if (typeof orig !== "function") return;
    history[name] = function () {
      var out = orig.apply(this, arguments);
      urlChanged();
      return out;
    };
  });
  window.addEventListener("popstate", urlChanged);

  // get fetches url; every failure names the file. A fetch with an
  // integrity check fails without a status when the file is missing.
  function get(url, opts) {
    return fetch(url, opts).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r;
    }, function (e) {
      throw new Error(url + ": " + (e && e.message ? e.message : e) +
        (opts.integrity ? " (missing, unreachable, or not the file the bundle's manifest names)" : ""));
    });
  }
  // config says where the site's config is: {text} inline in the page
  // (#hearth-config), {url} for the worker to fetch (data-config on this
  // script's tag: the worker fetches it, without cookies), or {error}.
  function config() {
    var inline = doc.getElementById("hearth-config");
    if (inline) return { text: inline.textContent };
    var src = script && script.getAttribute("data-config");
    if (!src) return { error: "no config: add data-config to the script tag or a #hearth-config script" };
    return { url: new URL(src, location.href).href };
  }


  // I is what the page side (hearth-page.js) takes over from the loader; it
  // sets onFail and onURL. Not an API: it is removed when taken.
  var I = {
    M: M, base: base, KEY: KEY, store: store, readStored: readStored, settle: settle,
    swapTo: swapTo, itemNode: itemNode, bar: bar, itemTemplates: itemTemplates, variantTemplates: variantTemplates,
    reveal: reveal, fail: fail, config: config, span: span, timing: timing, withdraw: withdraw,
    replayOf: replayOf, showReplay: showReplay, replayCfg: function () { return replayCfg; }, nonce: nonce, scriptURL: scriptURL, workerSource: workerSource, stubs: STUBS,
    settled: function () { return settled; }, done: function () { settled = true; }
  };

  // boot loads the page side with its SRI (and the page's nonce, for a
  // nonce-based Content-Security-Policy); it starts the worker.
  var booted = false;
  function boot() {
    if (booted || settled) return;
    booted = true;
    // A file the server accepts and never answers must not leave ready
    // pending: past the deadline Hearth gives up, naming the file it still
    // waits for (I.waiting, which the page side moves along).
    I.waiting = base + M.page;
    setTimeout(function () { fail(I.waiting + ": no answer after " + START_TIMEOUT / 1000 + " s"); }, START_TIMEOUT);
    api._loader = I;
    var s = doc.createElement("script");
    s.async = true;
    s.crossOrigin = "anonymous";
    if (M.sri.page) s.integrity = M.sri.page;
    if (nonce) s.nonce = nonce;
    s.onerror = function () { fail(base + M.page + ": failed to load (missing, unreachable, or not the file the bundle's manifest names)"); };
    try {
      s.src = scriptURL("page");
    } catch (e) { // Trusted Types required, and the policy "hearth" not allowed
      return fail(base + M.page + ": " + (e && e.message ? e.message : e) + " (allow the Trusted Types policy hearth: trusted-types hearth)");
    }
    (doc.head || root).appendChild(s);
  }

  // Last, once everything above is defined.
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", onParsed);
  else onParsed();
  spanLater("loader", T0);
})();
