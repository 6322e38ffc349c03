import { span, doc, root } from "./loader.js";
import { attr, pageLang, bundleFiles } from "./facts.js";
import { send, last } from "./messages.js";
import { styleShadow } from "./style.js";

// --- the panel ----------------------------------------------------------
// #hearth-panel, role="dialog", its content in an open shadow root so that
// the site's CSS cannot break it and it cannot break the site. It is built
// when the visitor first opens it, from the view the worker computed;
// profile and config values only ever become text nodes.

export var host = null, shadow = null, pbody = null, opener = null, opening = null, shown = "";
// asking: "Clear everything" waits for the visitor's confirmation; view:
// the view shown, to render again when that changes.
var asking = false, view = null;

export function openPanel(slot) {
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
  styleShadow(shadow);
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
    case "measure": return send({ t: "toggle-measure" });
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
export function showPanel(v) {
  if (!host) makePanel();
  if (opening === null && host.hidden) return; // closed since: nothing to show
  var text = JSON.stringify(v), t = performance.now();
  view = v;
  if (text !== shown || opening !== null) { // the same view again changes nothing
    render(v);
    span("panel", t);
  }
  var sch = scheme(v.darkMode);
  if (sch) pbody.setAttribute("data-scheme", sch);
  else pbody.removeAttribute("data-scheme");
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

// scheme is the page's own light or dark, for the panel to follow: the
// config's darkMode selector when it names one (a theme's toggle that
// sets a class or an attribute on the root or the body: the page is dark
// when either matches, whatever else in it does, such as MkDocs
// Material's hidden palette inputs), else the page's color-scheme where
// it declares only one; "" leaves it to the visitor's system setting.
export function scheme(sel) {
  if (sel) {
    try { return root.matches(sel) || (doc.body && doc.body.matches(sel)) ? "dark" : "light"; } catch (e) { /* not a selector: check says so */ }
  }
  var cs = (getComputedStyle(root).colorScheme || "").replace("only", "").trim();
  return cs === "dark" || cs === "light" ? cs : "";
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
  var b = pbody, j;
  b.replaceChildren();
  b.dir = v.dir;
  b.lang = v.lang;

  [headSection, consentSection, whySection, profileSection, itemsSection, blockedSection,
    prefsSection, debugSection, measureSection, trustSection, footSection].forEach(function (section) { section(b, v); });

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
// the title, the close button and the notices.
function headSection(b, v) {
  var head = el(b, "div", "head");
  el(head, "h2", "", v.title);
  button(head, "close", "\u00d7", "close", "", v.close, "close");
  (v.notices || []).forEach(function (n) { el(b, "p", "notice", n).setAttribute("role", "status"); });
}

// the consent question, when the config or the visitor asks for one.
function consentSection(b, v) {
  var c = v.consent;
  if (c) {
    var sec = el(b, "section", "consent " + c.kind);
    if (c.title) el(sec, "h3", "", c.title);
    el(sec, "p", "", c.body);
    var row = el(sec, "div", "buttons");
    if (c.yes) button(row, "primary", c.yes, "consent-yes");
    if (c.no) button(row, "secondary", c.no, "consent-no");
  }
}

// why each slot and recommendation shows what it shows.
function whySection(b, v) {
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
}

// every topic with its figure, bar, source and events; the counters.
function profileSection(b, v) {
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
}

// the items the visitor looked at, with "don't show me this again".
function itemsSection(b, v) {
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
}

// the topics the visitor removed, each to allow again.
function blockedSection(b, v) {
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
}

// the visitor's answers: interested or not, per topic.
function prefsSection(b, v) {
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
}

// for the site owner (?hearth-debug): the experiences that lost and why.
function debugSection(b, v) {
  if (v.debug) {
    var dd = el(b, "details", "debug");
    el(dd, "summary", "", v.debugHeading);
    var dul = el(dd, "ul");
    v.debug.forEach(function (line) { el(dul, "li", "", line); });
  }
}

// the site's private measurement: what leaves, the last report as sent,
// and the switch that stops it.
function measureSection(b, v) {
  var m = v.measure;
  if (!m) return;
  var s = el(b, "section", "measure");
  el(s, "h3", "", m.heading);
  el(s, "p", "help", m.body);
  if (m.note) el(s, "p", "", m.note);
  el(s, "p", "", m.last);
  if (m.report) el(s, "pre", "report", m.report).dir = "ltr"; // JSON reads left to right, in Arabic too
  button(s, "secondary", m.toggle, "measure", "", "", "measure").setAttribute("aria-pressed", String(!!m.off));
}

// what is kept where, what Hearth fetched, the module's hash.
function trustSection(b, v) {
  var trust = el(b, "section", "trust");
  el(trust, "p", "", v.trust);
  el(trust, "p", "", v.storage);
  el(trust, "p", "", v.requests);
  if (v.bundle) el(trust, "p", "hash", v.bundle);
}

// pause, export, and clear everything (asking first).
function footSection(b, v) {
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
}


