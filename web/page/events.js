import { api, I, KEY, store, settle, doc, root, SLOT, TOPICS, DECLARE, has } from "./loader.js";
import { attr, scan } from "./facts.js";
import { send, last } from "./messages.js";
import { launcherSpace } from "./apply.js";
import { whenIdle, shadeSpace } from "./away.js";
import { replaysFrom, watchRouters, swapped, navigated, hideNew, watching } from "./navigate.js";
import { openPanel, scheme } from "./panel.js";

// --- after the first answer -------------------------------------------

export var observer = null;
var WATCHED = "[data-hearth-slot], [data-hearth-recommend], template[data-hearth-variant], template[data-hearth-item-template]";

export function start(u) {
  sensitive = Array.isArray(u.sensitive) ? u.sensitive : [];
  if (typeof u.cfg === "string") replaysFrom(u.cfg); // replays on swapped-in pages are checked against it
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
  dwellSeconds = u.dwell;
  restartDwell();
  var batch = false;
  observer = new MutationObserver(function (records) {
    var added = false;
    for (var i = 0; i < records.length; i++) {
      var nodes = records[i].addedNodes;
      for (var j = 0; j < nodes.length; j++) {
        var n = nodes[j];
        if (n.nodeType === 1 && (n.matches(WATCHED) || n.querySelector(WATCHED))) {
          added = true;
          hideIn(n);
        }
      }
    }
    if (watching) swapped(); // a navigation waits for its page
    else if (added && !batch) {
      batch = true;
      setTimeout(function () {
        batch = false;
        if (!watching) send({ t: "added", facts: scan() }); // else the navigation reads the page
      }, 0);
    }
  });
  // Attributes too, of "content" alone: a router may rewrite the
  // hearth:topics meta in place.
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["content"] });
  watchRouters();
  api.navigated = navigated;
  watchScheme(u.darkMode || "");

  api.track = function (topic, weight) {
    var m = { t: "track", topic: topic };
    if (arguments.length > 1) m.weight = weight === undefined ? null : weight;
    return send(m);
  };
  api.declare = function (topic, on) { return send({ t: "declare", topic: topic, on: arguments.length < 2 || !!on }); };
  api.goal = function (name) { return send({ t: "goal", name: typeof name === "string" ? name : "" }); };
  api.open = function () { return openPanel(""); };
  api.clear = function () { return send({ t: "clear" }); };
  api.pause = function () { return send({ t: "pause" }); };
  api.resume = function () { return send({ t: "resume" }); };
  api.profile = function () { return JSON.parse(last.profile); };
  api.decisions = function () { return JSON.parse(last.decisions); };
  api["export"] = function () { return last.profile; };
  var queued = api._q;
  api._q = undefined;
  // The queue is the page's too (hearth._q): an entry that is not one of
  // the stubs' calls is skipped with a console line, and one call that
  // throws stops none of the others.
  (Array.isArray(queued) ? queued : []).forEach(function (c) {
    var ok = Array.isArray(c) && I.stubs.indexOf(c[0]) >= 0 && Array.isArray(c[1]) && typeof c[2] === "function";
    if (!ok) {
      if (window.console) console.error("hearth: skipped an entry of hearth._q that is not a call of the API's");
      return;
    }
    try {
      c[2](api[c[0]].apply(api, c[1]));
    } catch (e) {
      c[2](Promise.reject(e));
    }
  });
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
  var c = { kind: "click", path: location.pathname, at: Date.now(), topics: splitTopics(attr(el, TOPICS)).filter(said) };
  if (!c.topics.length) return;
  // A page about a sensitive topic the visitor has not declared leaves
  // no trace of its path (the worker does the same: Session.path).
  var here = splitTopics(attr(doc.querySelector('meta[name="hearth:topics"]'), "content"));
  for (var i = 0; i < here.length; i++) if (!said(here[i])) c.path = "";
  queue(c);
  send({ t: "click", path: c.path, at: c.at, topics: c.topics });
}

// said reports whether the profile may keep topic: it is not sensitive,
// or the visitor declared it (the categories come with the first answer).
var sensitive = [];
function said(topic) {
  for (var i = 0; i < sensitive.length; i++) {
    var c = sensitive[i];
    if (topic === c || topic.indexOf(c + "-") === 0 || topic.indexOf(c + "_") === 0) {
      return !!(last.declared && has.call(last.declared, topic) && last.declared[topic]);
    }
  }
  return true;
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
// all (time in a background tab does not count); it returns what stops it.
function dwell(seconds) {
  var remaining = seconds * 1000, started = 0, t = 0;
  function stop() { if (t) { clearTimeout(t); t = 0; remaining -= performance.now() - started; } }
  function go() { if (!t && remaining > 0) { started = performance.now(); t = setTimeout(fire, remaining); } }
  function off() { stop(); remaining = 0; doc.removeEventListener("visibilitychange", vis); }
  function fire() { off(); send({ t: "dwell" }); }
  function vis() { if (doc.visibilityState === "visible") go(); else stop(); }
  doc.addEventListener("visibilitychange", vis);
  vis();
  return off;
}
// restartDwell counts the dwell of the page now shown (a swapped-in page
// starts its own).
var dwellSeconds = 0, dwellOff = null;
export function restartDwell() {
  if (dwellOff) dwellOff();
  dwellOff = dwellSeconds > 0 ? dwell(dwellSeconds) : null;
}

// watchScheme marks the page's dark mode on the root (data-hearth-scheme)
// for the "Why?" and "×" buttons and the launcher to follow (hearth.css),
// and again whenever the root's or the body's attributes change (a
// theme's toggle). Without a darkMode selector that reads the root's
// computed color-scheme, which makes the browser compute styles: it is
// done in an idle moment (or the next frame), never in the start's task.
function watchScheme(sel) {
  var due = false;
  function mark() {
    due = false;
    var s = scheme(sel);
    if (s) { if (root.getAttribute("data-hearth-scheme") !== s) root.setAttribute("data-hearth-scheme", s); }
    else root.removeAttribute("data-hearth-scheme");
    if (launcherSpace) whenIdle(shadeSpace); // a theme's toggle may change the footer's color
  }
  function later() {
    if (due) return;
    due = true;
    if (sel) return Promise.resolve().then(mark); // a selector's match computes no style
    if (window.requestIdleCallback) requestIdleCallback(mark, { timeout: 500 });
    else requestAnimationFrame(mark);
  }
  var bodyEl = null, o = new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) if (records[i].attributeName !== "data-hearth-scheme") return watch();
  });
  function watch() {
    later();
    if (doc.body !== bodyEl) { // a router swapped the body: watch the new one
      o.disconnect();
      bodyEl = doc.body;
      o.observe(root, { attributes: true });
      if (bodyEl) o.observe(bodyEl, { attributes: true });
    }
  }
  watch();
  onSwap = watch;
}
export var onSwap = null;

// hideIn hides the slots that node brings (itself or inside it) until
// they are decided: see hideNew.
function hideIn(node) {
  var els = [].slice.call(node.querySelectorAll("[" + SLOT + "], [data-hearth-recommend]"));
  if (node.matches("[" + SLOT + "], [data-hearth-recommend]")) els.push(node);
  hideNew(els);
}

