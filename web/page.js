/* Hearth's page side, loaded by hearth.js when the module starts. It reads
 * the page's facts and hearth:v1 and posts them to the module's Web Worker
 * (hearth-worker.js), and applies what the worker answers: the slots'
 * content, the "Why?" buttons, the stored value, the panel (rendered here
 * from the view the worker computes, with text nodes only). It decides
 * nothing itself. It sends nothing anywhere: its only requests are for the
 * bundle's files and the site's config. */
(function () {
  "use strict";
  var api = window.hearth, I = api && api._loader;
  if (!I) return; // not started by the loader
  delete api._loader;
  var M = I.M, base = I.base, KEY = I.KEY, store = I.store, readStored = I.readStored, settle = I.settle;
  var swapTo = I.swapTo, itemNode = I.itemNode, itemTemplates = I.itemTemplates, variantTemplates = I.variantTemplates;
  var reveal = I.reveal, fail = I.fail, span = I.span, T0 = performance.now();
  var doc = document, root = doc.documentElement;
  var SLOT = "data-hearth-slot";
  var APPLIED = "data-hearth-applied";
  var PENDING = "data-hearth-pending";
  var REPLAYED = "data-hearth-replayed";
  var TOPICS = "data-hearth-topics";
  var DECLARE = "data-hearth-declare";
  var has = Object.prototype.hasOwnProperty;
  var cssURL = base + M.css;

  // --- the page's facts -------------------------------------------------

  function attr(el, name) { return (el && el.getAttribute(name)) || ""; }
  function all(sel) { return doc.querySelectorAll(sel); }

  // pageLang is the language for Hearth's texts: the page's, else the
  // browser's. It is read again whenever the panel opens.
  function pageLang() { return attr(root, "lang") || navigator.language || ""; }

  // bundleFiles counts the resources the page loaded from the bundle's base
  // URL (Resource Timing), for the panel's account of Hearth's traffic.
  function bundleFiles() {
    if (!performance.getEntriesByType) return 0;
    var n = 0, es = performance.getEntriesByType("resource");
    for (var i = 0; i < es.length; i++) if (es[i].name.indexOf(base) === 0) n++;
    return n;
  }

  // scan reads, in one pass per kind, what the engine needs of the page.
  function scan() {
    var f = { path: location.pathname, query: {}, topics: attr(doc.querySelector('meta[name="hearth:topics"]'), "content"),
      item: attr(doc.querySelector('meta[name="hearth:item"]'), "content"),
      itemName: attr(doc.querySelector('meta[name="hearth:item-name"]'), "content"),
      language: navigator.language || "", gpc: !!navigator.globalPrivacyControl, width: window.innerWidth,
      lang: pageLang(), debug: false, files: 0, items: [], recSlots: [], variants: [], slots: [], purchased: [] };
    var params = new URLSearchParams(location.search);
    params.forEach(function (v, k) { if (!has.call(f.query, k)) f.query[k] = v; });
    f.debug = params.has("hearth-debug");
    var i, els = all("template[data-hearth-item-template][data-hearth-item]");
    for (i = 0; i < els.length; i++) {
      f.items.push({ sku: attr(els[i], "data-hearth-item"), name: attr(els[i], "data-hearth-name"), topics: attr(els[i], TOPICS) });
    }
    els = all("[data-hearth-recommend]");
    for (i = 0; i < els.length; i++) {
      f.recSlots.push({ kind: attr(els[i], "data-hearth-recommend"), count: parseInt(attr(els[i], "data-hearth-count"), 10) || 3 });
    }
    els = all("template[data-hearth-variant]");
    for (i = 0; i < els.length; i++) f.variants.push(attr(els[i], "data-hearth-variant"));
    els = all("[" + SLOT + "]");
    for (i = 0; i < els.length; i++) {
      f.slots.push({ name: attr(els[i], SLOT), label: attr(els[i], "data-hearth-label") || attr(els[i], "aria-label") });
    }
    els = all("[data-hearth-purchased]");
    for (i = 0; i < els.length; i++) f.purchased.push(attr(els[i], "data-hearth-purchased"));
    return f;
  }

  // --- the worker -------------------------------------------------------

  var worker = null, live = false, pending = [], last = null;
  I.onFail = function () {
    live = false;
    if (worker) worker.terminate();
    var waiting = pending;
    pending = [];
    waiting.forEach(function (r) { r(); });
  };
  I.onNavigate = function () { if (live) send({ t: "navigate", facts: scan() }); };

  // send posts a message with the stored value as it is now (another tab
  // may have written since), and returns a promise settled once the
  // worker's answer to it has been applied (the worker answers in order).
  function send(msg) {
    if (!live) return I.settled() ? Promise.resolve() : api.ready.then(function () { return send(msg); }, function () {});
    return new Promise(function (resolve) {
      msg.stored = readStored();
      msg.storage = !!store;
      pending.push(resolve);
      worker.postMessage(JSON.stringify(msg));
    });
  }

  // _idle settles once every message sent so far has been answered and
  // applied: for tests and the audit, which wait for it instead of sleeping.
  api._idle = function () { return send({ t: "idle" }); };

  // phases shows the worker's phases of the start as measures on the page's
  // timeline (the worker's clock is the same epoch's); the boot message's
  // handling is split where the config's parse ended, once both are known.
  var bootSpan = null, parseMs = -1;
  function phases(list, started) {
    var o = performance.timeOrigin;
    for (var i = 0; i < list.length; i++) {
      var p = list[i];
      if (p[0] === "boot") bootSpan = [p[1] - o, p[2] - o];
      else span(p[0], p[1] ? p[1] - o : started, p[2] - o);
    }
    bootPhases();
  }
  function bootPhases() {
    if (!bootSpan || parseMs < 0) return;
    var cut = Math.min(bootSpan[0] + parseMs, bootSpan[1]);
    span("config-parse", bootSpan[0], cut);
    span("decide", cut, bootSpan[1]);
    bootSpan = null;
  }

  function onAnswer(e) {
    var u;
    try { u = JSON.parse(e.data); } catch (err) { return fail("unreadable answer from the worker"); }
    if (u.fatal) return fail(u.fatal);
    var first = !live, t = performance.now();
    if (first && typeof u.parseMs === "number") {
      parseMs = u.parseMs;
      bootPhases();
    }
    try {
      apply(u, first);
      if (first) span("apply", t);
    } catch (err) {
      if (window.console) console.error("hearth: " + (err && err.message ? err.message : err));
    }
    if (first) {
      live = true;
      I.done();
      start(u);
    }
    var r = pending.shift();
    if (r) r();
  }

  // apply makes the page show what the worker decided.
  function apply(u, first) {
    if (u.remove) {
      try { store.removeItem(KEY); } catch (err) { storageFailed(); }
    } else if (typeof u.write === "string") {
      try { store.setItem(KEY, u.write); } catch (err) { storageFailed(); }
    }
    last = u;
    var changed = applySlots(u.slots || [], u.why);
    if (u.recs) applyRecs(u.recs, u.why);
    var boxes = all("input[" + DECLARE + "]");
    for (var i = 0; i < boxes.length; i++) {
      var t = attr(boxes[i], DECLARE).trim().toLowerCase();
      boxes[i].checked = !!(u.declared && has.call(u.declared, t) && u.declared[t]);
    }
    launcher(u.launcher);
    reveal();
    if (observer) observer.takeRecords(); // Hearth's own changes are not the page's
    if (first && (changed || !performance.getEntriesByName("hearth:applied", "mark").length)) {
      performance.clearMarks("hearth:applied");
      performance.mark("hearth:applied");
    }
    (u.log || []).forEach(function (l) {
      if (window.console && console[l[0]]) console[l[0]]("hearth: " + l[1]);
    });
    if (u.view) showPanel(u.view);
  }

  // storageFailed tells the worker a write failed (a full quota): it keeps
  // the profile in memory from then on, and the panel says so. A failure
  // while applying the first answer is told as soon as messages can flow.
  var writeFailed = false;
  function storageFailed() {
    if (!store || writeFailed) return;
    writeFailed = true;
    if (live) send({ t: "storage-failed" });
    else api.ready.then(function () { send({ t: "storage-failed" }); }, function () {});
  }

  // applySlots makes each slot show its decided content and gives each
  // personalized slot its "Why?" button. It reports whether any slot had to
  // change (the replay disagreed, or there was none).
  function applySlots(ds, whyLabel) {
    var by = {}, changed = false, tpls = null;
    for (var i = 0; i < ds.length; i++) by[ds[i].slot] = ds[i];
    var slots = all("[" + SLOT + "]");
    for (var j = 0; j < slots.length; j++) {
      var el = slots[j], name = el.getAttribute(SLOT);
      var d = has.call(by, name) ? by[name] : { variant: "", why: false };
      if ((el.getAttribute(APPLIED) || "") !== d.variant) {
        tpls = tpls || variantTemplates();
        var t = d.variant ? tpls[name + "/" + d.variant] : null;
        if (!d.variant || t) {
          swapTo(el, t ? t.content.cloneNode(true) : null, d.variant);
          changed = true;
        }
      }
      // The button stays the same element while the slot stays personalized:
      // focus on it (the panel gives focus back to it) must not be lost. It
      // sits in the slot's bar (the loader's replay may have made it).
      var b = el.lastElementChild, old = null;
      if (b && b.classList.contains("hearth-bar")) {
        old = b.querySelector("button.hearth-why");
        if (!d.why) b.remove();
      }
      if (d.why && old) {
        if (old.textContent !== whyLabel) old.textContent = whyLabel;
      } else if (d.why) {
        I.bar(el).appendChild(whyButton(name, whyLabel));
      }
      el.removeAttribute(PENDING);
    }
    return changed;
  }

  function whyButton(slot, label) {
    var b = doc.createElement("button");
    b.type = "button";
    b.className = "hearth-why";
    b.setAttribute("aria-haspopup", "dialog");
    b.setAttribute("aria-controls", "hearth-panel");
    b.setAttribute("data-hearth-why", slot);
    b.textContent = label;
    return b;
  }

  // applyRecs fills each recommendation slot, in document order, with its
  // items from the page's item templates, each with a "Why?" and a "don't
  // show me this again"; a slot without items shows its default content.
  function applyRecs(recs, whyLabel) {
    var els = all("[data-hearth-recommend]"), tpls = null;
    for (var i = 0; i < els.length; i++) {
      var el = els[i], list = recs[i] || [], key = "";
      for (var k = 0; k < list.length; k++) key += list[k].sku + " ";
      // The loader's replay shows the same items, without their buttons.
      if ((el.getAttribute(APPLIED) || "") === key && !el.hasAttribute(REPLAYED)) continue;
      el.removeAttribute(REPLAYED);
      if (!key) { swapTo(el, null, ""); continue; }
      tpls = tpls || itemTemplates();
      var frag = doc.createDocumentFragment();
      for (var j = 0; j < list.length; j++) {
        var r = list[j];
        if (!has.call(tpls, r.sku)) continue;
        var item = itemNode(r.sku, tpls[r.sku]);
        var host = item.querySelector(".hearth-bar"); // made by itemNode
        host.appendChild(whyButton("item:" + r.sku, whyLabel));
        var x = doc.createElement("button");
        x.type = "button";
        x.className = "hearth-dismiss";
        x.setAttribute("data-hearth-dismiss", r.sku);
        x.setAttribute("aria-label", r.dismiss);
        x.title = r.dismiss;
        x.textContent = "\u00d7";
        host.appendChild(x);
        frag.appendChild(item);
      }
      swapTo(el, frag, key);
    }
  }

  // launcher wires the page's own #hearth-launcher if it has one, or adds a
  // floating one ("none": nothing); Hearth's own is relabelled as needed.
  var launcherEl = null;
  function launcher(l) {
    if (!l) return;
    if (!launcherEl) {
      var own = doc.getElementById("hearth-launcher");
      if (own) {
        launcherEl = own;
      } else if (l.position !== "none") {
        launcherEl = doc.createElement("button");
        launcherEl.id = "hearth-launcher";
        launcherEl.type = "button";
        launcherEl.setAttribute("aria-haspopup", "dialog");
        launcherEl.setAttribute("aria-controls", "hearth-panel");
        launcherEl.setAttribute("data-position", l.position);
        launcherEl.setAttribute("data-hearth-own", "");
        launcherEl.textContent = l.label;
        doc.body.appendChild(launcherEl);
      } else {
        launcherEl = false;
      }
      if (launcherEl) launcherEl.addEventListener("click", function (e) { e.preventDefault(); openPanel(""); });
    }
    if (launcherEl && launcherEl.hasAttribute("data-hearth-own") && launcherEl.textContent !== l.label) launcherEl.textContent = l.label;
  }

  // --- after the first answer -------------------------------------------

  var observer = null;
  var WATCHED = "[data-hearth-slot], [data-hearth-recommend], template[data-hearth-variant], template[data-hearth-item-template]";

  function start(u) {
    // Listeners on the document: one each, for every control present or to come.
    doc.addEventListener("click", onClick, true);
    doc.addEventListener("change", function (e) {
      var t = e.target;
      if (t && t.hasAttribute && t.hasAttribute(DECLARE)) send({ t: "declare", topic: attr(t, DECLARE), on: !!t.checked });
    }, true);
    window.addEventListener("storage", function (e) {
      if (e.key !== null && e.key !== KEY) return;
      send({ t: "storage", value: typeof e.newValue === "string" ? e.newValue : "", ok: e.key !== null && typeof e.newValue === "string" });
    });
    if (u.dwell > 0) dwell(u.dwell);
    var batch = false;
    observer = new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var added = records[i].addedNodes;
        for (var j = 0; j < added.length; j++) {
          var n = added[j];
          if (n.nodeType === 1 && (n.matches(WATCHED) || n.querySelector(WATCHED))) {
            if (!batch) {
              batch = true;
              setTimeout(function () { batch = false; send({ t: "added", facts: scan() }); }, 0);
            }
            return;
          }
        }
      }
    });
    observer.observe(root, { childList: true, subtree: true });

    api.track = function (topic, weight) {
      var m = { t: "track", topic: topic };
      if (arguments.length > 1) m.weight = weight === undefined ? null : weight;
      return send(m);
    };
    api.declare = function (topic, on) { return send({ t: "declare", topic: topic, on: arguments.length < 2 || !!on }); };
    api.open = function () { return openPanel(""); };
    api.clear = function () { return send({ t: "clear" }); };
    api.pause = function () { return send({ t: "pause" }); };
    api.resume = function () { return send({ t: "resume" }); };
    api.profile = function () { return JSON.parse(last.profile); };
    api.decisions = function () { return JSON.parse(last.decisions); };
    api["export"] = function () { return last.profile; };
    var queued = api._q;
    api._q = undefined;
    (queued || []).forEach(function (c) { c[2](api[c[0]].apply(api, c[1])); });
    if (performance.mark) performance.mark("hearth:ready");
    // Listeners of the event can use the whole window.hearth API.
    doc.dispatchEvent(new CustomEvent("hearth:applied", { detail: JSON.parse(u.decisions) }));
    settle.resolve(api);
  }

  // onClick: a "Why?" or "×" of Hearth's, or a click on a topic-bearing
  // element (a stronger signal than a view), outside Hearth's own controls.
  function onClick(e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var why = t.closest("button.hearth-why[data-hearth-why]");
    if (why) {
      e.preventDefault();
      e.stopPropagation();
      openPanel(attr(why, "data-hearth-why"));
      return;
    }
    var x = t.closest("button.hearth-dismiss[data-hearth-dismiss]");
    if (x) {
      e.preventDefault();
      e.stopPropagation();
      send({ t: "dismiss", sku: attr(x, "data-hearth-dismiss") });
      return;
    }
    var el = t.closest("[" + TOPICS + "]");
    if (!el || t.closest("#hearth-panel, #hearth-launcher") || !last.recording) return;
    var c = { kind: "click", path: location.pathname, at: Date.now(), topics: splitTopics(attr(el, TOPICS)) };
    if (!c.topics.length) return;
    queue(c);
    send({ t: "click", path: c.path, at: c.at, topics: c.topics });
  }

  function splitTopics(s) {
    var out = [], parts = s.split(",");
    for (var i = 0; i < parts.length && out.length < 8; i++) {
      var t = parts[i].trim().toLowerCase();
      if (t && new TextEncoder().encode(t).length <= 64) out.push(t);
    }
    return out;
  }

  // queue writes a click into hearth:v1 at once, as a pending signal: a
  // click on a link leaves the page before the worker can answer, and the
  // next page's module counts it then. The worker counts the same click
  // once either way (profile.Pending).
  function queue(c) {
    try {
      var s = JSON.parse(store.getItem(KEY) || "null");
      if (!s || typeof s !== "object" || s.v !== 1) return;
      var list = Array.isArray(s.pending) ? s.pending : [];
      list.push(c);
      s.pending = list.slice(-16);
      store.setItem(KEY, JSON.stringify(s));
    } catch (e) { /* no storage: the worker's copy is all there is */ }
  }

  // dwell sends one signal after the page has been visible for seconds in
  // all (time in a background tab does not count).
  function dwell(seconds) {
    var remaining = seconds * 1000, started = 0, t = 0;
    function stop() { if (t) { clearTimeout(t); t = 0; remaining -= performance.now() - started; } }
    function go() { if (!t && remaining > 0) { started = performance.now(); t = setTimeout(fire, remaining); } }
    function fire() { t = 0; remaining = 0; doc.removeEventListener("visibilitychange", vis); send({ t: "dwell" }); }
    function vis() { if (doc.visibilityState === "visible") go(); else stop(); }
    doc.addEventListener("visibilitychange", vis);
    vis();
  }

  // --- the panel ----------------------------------------------------------
  // #hearth-panel, role="dialog", its content in an open shadow root so that
  // the site's CSS cannot break it and it cannot break the site. It is built
  // when the visitor first opens it, from the view the worker computed;
  // profile and config values only ever become text nodes.

  var host = null, shadow = null, pbody = null, opener = null, opening = null, shown = "";
  // asking: "Clear everything" waits for the visitor's confirmation; view:
  // the view shown, to render again when that changes.
  var asking = false, view = null;

  function openPanel(slot) {
    if (!host || host.hidden) opener = doc.activeElement;
    opening = slot;
    return send({ t: "open", lang: pageLang(), files: bundleFiles() });
  }

  function closePanel() {
    if (!host || host.hidden) return;
    host.hidden = true;
    asking = false;
    send({ t: "close" });
    if (opener && opener.isConnected && opener.focus) opener.focus();
  }

  function makePanel() {
    host = doc.createElement("div");
    host.id = "hearth-panel";
    host.setAttribute("role", "dialog");
    host.setAttribute("aria-modal", "true");
    host.hidden = true;
    shadow = host.attachShadow({ mode: "open" });
    var link = I.stylesheet();
    link.href = cssURL; // the bundle's own stylesheet, already in the cache
    shadow.appendChild(link);
    pbody = doc.createElement("div");
    pbody.className = "hearth-body";
    shadow.appendChild(pbody);
    shadow.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-action]");
      if (b) act(attr(b, "data-action"), attr(b, "data-topic"));
    });
    shadow.addEventListener("change", function (e) {
      var t = e.target;
      if (t.type === "radio" && t.checked) send({ t: "declare", topic: attr(t, "data-topic"), on: t.value === "on" });
    });
    host.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); if (asking) ask(false, "clear"); else closePanel(); } else if (e.key === "Tab") wrapFocus(e);
    });
    doc.body.appendChild(host);
  }

  function act(name, topic) {
    switch (name) {
      case "close": return closePanel();
      case "clear": return ask(true, "clear-no");
      case "clear-no": return ask(false, "clear");
      case "clear-yes": asking = false; return send({ t: "clear" });
      case "pause": return send({ t: "toggle-pause" });
      case "export": return download("hearth-profile.json", "application/json", last.profile);
      case "consent-yes": return send({ t: "consent", on: true });
      case "consent-no": return send({ t: "consent", on: false });
      case "block": return send({ t: "block", topic: topic });
      case "unblock": return send({ t: "unblock", topic: topic });
      case "dismiss": return send({ t: "dismiss", sku: topic });
    }
  }

  // ask shows or leaves the confirmation of "Clear everything", moving the
  // focus to the control named (the safe answer first, then back).
  function ask(on, focus) {
    asking = on;
    render(view);
    var b = shadow.querySelector("[data-focus-key=" + focus + "]");
    if (b) b.focus();
  }

  // wrapFocus keeps Tab inside the open dialog (aria-modal): from the last
  // control to the first and back. Escape always leaves.
  function wrapFocus(e) {
    var list = shadow.querySelectorAll("button, input, summary, [tabindex]:not([tabindex='-1'])");
    if (!list.length) return;
    var first = list[0], lastEl = list[list.length - 1], active = shadow.activeElement;
    if (e.shiftKey) {
      if (!active || active === first) { e.preventDefault(); lastEl.focus(); }
    } else if (!active || active === lastEl) {
      e.preventDefault();
      first.focus();
    }
  }

  // download offers text as a file, from a local blob URL: nothing is sent.
  function download(name, mime, text) {
    var url = URL.createObjectURL(new Blob([text], { type: mime }));
    var a = doc.createElement("a");
    a.href = url; // a local blob: URL made just above, never a network address
    a.download = name;
    a.style.display = "none";
    doc.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // showPanel renders the view; when the visitor just opened the panel it
  // also shows it, scrolls to the slot asked about and moves focus in.
  function showPanel(v) {
    if (!host) makePanel();
    if (opening === null && host.hidden) return; // closed since: nothing to show
    var text = JSON.stringify(v), t = performance.now();
    view = v;
    if (text !== shown || opening !== null) { // the same view again changes nothing
      render(v);
      span("panel", t);
    }
    shown = text;
    if (opening === null) return;
    var slot = opening;
    opening = null;
    host.hidden = false;
    if (slot) {
      var arts = shadow.querySelectorAll("article[data-slot]");
      for (var i = 0; i < arts.length; i++) if (attr(arts[i], "data-slot") === slot) arts[i].scrollIntoView({ block: "nearest" });
    }
    var c = shadow.querySelector("[data-action=close]");
    if (c) c.focus();
  }

  // el creates an element with an optional class and text.
  function el(parent, tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    parent.appendChild(e);
    return e;
  }
  function button(parent, cls, text, action, topic, label, focusKey) {
    var b = el(parent, "button", cls, text);
    b.type = "button";
    b.setAttribute("data-action", action);
    if (topic) b.setAttribute("data-topic", topic);
    if (label) b.setAttribute("aria-label", label);
    if (focusKey) b.setAttribute("data-focus-key", focusKey);
    return b;
  }

  // render replaces the panel's content with the view, keeping the focus on
  // the control that had it (re-rendering must not throw keyboard users out).
  function render(v) {
    var active = shadow.activeElement, focusKey = active ? attr(active, "data-focus-key") : "";
    host.setAttribute("aria-label", v.title);
    host.setAttribute("lang", v.lang);
    host.setAttribute("dir", v.dir);
    var b = pbody, i, j;
    b.replaceChildren();
    b.dir = v.dir;
    b.lang = v.lang;

    var head = el(b, "div", "head");
    el(head, "h2", "", v.title);
    button(head, "close", "\u00d7", "close", "", v.close, "close");
    (v.notices || []).forEach(function (n) { el(b, "p", "notice", n).setAttribute("role", "status"); });
    var c = v.consent;
    if (c) {
      var sec = el(b, "section", "consent " + c.kind);
      if (c.title) el(sec, "h3", "", c.title);
      el(sec, "p", "", c.body);
      var row = el(sec, "div", "buttons");
      if (c.yes) button(row, "primary", c.yes, "consent-yes");
      if (c.no) button(row, "secondary", c.no, "consent-no");
    }

    var why = el(b, "section", "why");
    el(why, "h3", "", v.whyHeading);
    var ds = (v.decisions || []).concat(v.recs || []);
    if (!ds.length) el(why, "p", "empty", v.noDecisions);
    ds.forEach(function (d) {
      var a = el(why, "article");
      a.setAttribute("data-slot", d.slot);
      el(a, "h4", "", d.heading);
      el(a, "p", "", d.why);
      if (d.evidence) {
        var ul = el(a, "ul", "evidence");
        d.evidence.forEach(function (e) { el(ul, "li", "", e); });
      }
    });

    var prof = el(b, "section", "profile");
    el(prof, "h3", "", v.profileHeading);
    if (!v.topics) {
      el(prof, "p", "empty", v.noTopics);
    } else {
      var tl = el(prof, "ul", "topics");
      v.topics.forEach(function (t) {
        var li = el(tl, "li");
        li.setAttribute("data-topic", t.id);
        var row = el(li, "div", "row");
        el(row, "span", "label", t.label);
        if (t.score) el(row, "span", "score", t.score);
        if (t.remove) button(row, "link", t.remove, "block", t.id, t.removeLabel, "block:" + t.id);
        var bar = el(li, "div", "bar");
        bar.setAttribute("aria-hidden", "true");
        el(bar, "span").style.setProperty("width", Math.round(100 * (t.fraction || 0)) + "%");
        el(li, "p", "source", t.source);
        if (t.events) {
          var det = el(li, "details", "events");
          el(det, "summary", "", t.eventsLabel);
          var evs = el(det, "ul");
          t.events.forEach(function (e) { el(evs, "li", "", e); });
        }
      });
    }
    el(prof, "h4", "", v.countersHeading);
    var dl = el(prof, "dl", "counters");
    (v.counters || []).forEach(function (c) {
      var div = el(dl, "div");
      el(div, "dt", "", c[0]);
      el(div, "dd", "", c[1]);
    });

    if (v.items) {
      var isec = el(b, "section", "items");
      el(isec, "h3", "", v.itemsHeading);
      var iul = el(isec, "ul");
      v.items.forEach(function (it) {
        var li = el(iul, "li");
        li.setAttribute("data-item", it.sku);
        var row = el(li, "div", "row");
        el(row, "span", "label", it.name);
        if (it.dismiss) button(row, "link", it.dismiss, "dismiss", it.sku, it.dismissLabel, "dismiss:" + it.sku);
        el(li, "p", "source", it.detail);
      });
    }

    if (v.blocked) {
      var bl = el(b, "section", "blocked");
      el(bl, "h3", "", v.blocked.heading);
      el(bl, "p", "help", v.blocked.help);
      var bul = el(bl, "ul");
      v.blocked.topics.forEach(function (t) {
        var li = el(bul, "li", "row");
        el(li, "span", "label", t.label);
        button(li, "link", t.allow, "unblock", t.id, t.allowLabel, "unblock:" + t.id);
      });
    }

    var prefs = el(b, "section", "prefs");
    el(prefs, "h3", "", v.prefs.heading);
    el(prefs, "p", "help", v.prefs.help);
    v.prefs.topics.forEach(function (t) {
      var fs = el(prefs, "fieldset");
      el(fs, "legend", "", t.label);
      [["on", v.prefs.yes, 1], ["off", v.prefs.no, -1]].forEach(function (o) {
        var label = el(fs, "label");
        var input = el(label, "input");
        input.type = "radio";
        input.name = "pref-" + t.id;
        input.value = o[0];
        input.checked = t.state === o[2];
        input.setAttribute("data-topic", t.id);
        input.setAttribute("data-focus-key", "pref:" + t.id + ":" + o[0]);
        label.appendChild(doc.createTextNode(" " + o[1]));
      });
    });

    if (v.debug) {
      var dd = el(b, "details", "debug");
      el(dd, "summary", "", v.debugHeading);
      var dul = el(dd, "ul");
      v.debug.forEach(function (line) { el(dul, "li", "", line); });
    }

    var trust = el(b, "section", "trust");
    el(trust, "p", "", v.trust);
    el(trust, "p", "", v.storage);
    el(trust, "p", "", v.requests);
    if (v.bundle) el(trust, "p", "hash", v.bundle);

    var foot = el(b, "div", "foot");
    button(foot, "secondary", v.pauseToggle, "pause", "", "", "pause").setAttribute("aria-pressed", String(!!v.paused));
    button(foot, "secondary", v["export"], "export", "", "", "export");
    if (asking) {
      // The confirmation takes the button's place; its question describes
      // the group, so a screen reader reads it with the focused answer.
      var q = el(foot, "div", "confirm");
      q.setAttribute("role", "group");
      q.setAttribute("aria-describedby", "hearth-clear-ask");
      el(q, "p", "", v.clearAsk).id = "hearth-clear-ask";
      button(q, "secondary", v.clearNo, "clear-no", "", "", "clear-no");
      button(q, "danger", v.clearYes, "clear-yes", "", "", "clear-yes");
    } else {
      button(foot, "danger", v.clear, "clear", "", "", "clear");
    }

    if (focusKey) {
      var keys = shadow.querySelectorAll("[data-focus-key]");
      for (j = 0; j < keys.length; j++) {
        if (attr(keys[j], "data-focus-key") === focusKey) return keys[j].focus();
      }
      // The control is gone (a removed topic): keep focus in the dialog.
      var cl = shadow.querySelector("[data-action=close]");
      if (cl) cl.focus();
    }
  }

  // The worker starts in a task of its own, after this script's evaluation,
  // and fetches the module itself (with its SRI checked) while the config
  // arrives: no task of Hearth's on the main thread grows long. A Worker's
  // script cannot carry SRI: the loader checks it with a fetch of the same
  // immutable URL, and nothing about the visitor reaches the worker before
  // that check passed.
  setTimeout(function boot() {
    if (I.settled()) return;
    try {
      var workerURL = base + M.worker, started = performance.now();
      worker = new Worker(I.scriptURL(workerURL));
      // Answers (text) are applied in order, the first once the stylesheet
      // is there; the start's phases come once, as an object.
      var chain = I.loadCSS();
      worker.onmessage = function (e) {
        if (typeof e.data !== "string") return phases(e.data.phases || [], started);
        chain = chain.then(function () { onAnswer(e); });
      };
      worker.onerror = function (e) { e.preventDefault(); fail(workerURL + ": " + (e.message || "the worker failed to start")); };
      worker.postMessage({ url: base + M.wasm, integrity: M.sri.wasm || "" });
      var checked = I.get(workerURL, { integrity: M.sri.worker || "", mode: "cors", credentials: "omit" });
      Promise.all([I.configText(), checked]).then(function (r) {
        if (I.settled()) return;
        var t = performance.now();
        var m = { t: "boot", config: r[0], sha256: M.sha256 || "", facts: scan() };
        span("scan", t);
        m.stored = readStored();
        m.storage = !!store;
        worker.postMessage(JSON.stringify(m));
      }).catch(function (e) { fail(e && e.message ? e.message : String(e)); });
    } catch (e) {
      fail(e && e.message ? e.message : String(e));
    }
  }, 0);
  span("page-script", T0);
})();
