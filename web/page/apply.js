import { api, I, KEY, store, swapTo, itemNode, itemTemplates, variantTemplates, reveal, doc, SLOT, APPLIED, PENDING, REPLAYED, DECLARE, has } from "./loader.js";
import { attr, all, cardOf } from "./facts.js";
import { remember, send, live } from "./messages.js";
import { watchAway, whenIdle, queueAway, shadeSpace } from "./away.js";
import { observer } from "./events.js";
import { openPanel, showPanel } from "./panel.js";

// --- showing an answer ---------------------------------------------------

// apply makes the page show what the worker decided.
export function apply(u, first) {
  if (u.remove) {
    try { store.removeItem(KEY); } catch (err) { storageFailed(err); }
  } else if (typeof u.write === "string") {
    try { store.setItem(KEY, u.write); } catch (err) { storageFailed(err); }
  }
  remember(u);
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
  if (u.report) sendReport(u.report);
}

// sendReport posts a private measurement report (docs/MEASUREMENT.md),
// which the module made already randomized and padded to a fixed size:
// to /hearth/report on the page's own origin (where hearthd, `hearth
// serve` and the edge worker take them, wherever the bundle is served
// from), with no cookie and no referrer, never retried. Its moment
// depends on nothing the profile holds: REPORT_AT after the page began,
// or, if the module answered later (its start takes longer with a larger
// profile), at the next multiple of REPORT_AT.
var REPORT_AT = 3000;
function sendReport(body) {
  var url = location.origin + "/hearth/report";
  var now = performance.now();
  setTimeout(function () {
    fetch(url, {
      method: "POST", body: body, credentials: "omit", referrerPolicy: "no-referrer",
      keepalive: true, mode: "same-origin", cache: "no-store", headers: { "Content-Type": "text/plain" }
    }).catch(function () {});
  }, Math.max(1, Math.ceil(now / REPORT_AT)) * REPORT_AT - now);
}

// storageFailed tells the worker a write failed (a full quota), with
// what is stored still: it keeps the profile in memory, the panel says
// so, and its next write tries again. A failure while applying the first
// answer is told as soon as messages can flow.
function storageFailed(err) {
  if (!store) return;
  var m = { t: "storage-failed", error: String(err && err.name || err) };
  if (live) send(m);
  else api.ready.then(function () { send(m); }, function () {});
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
// items from the page's item templates, or, for an item of the site's
// catalog, the slot's card filled with its link and title; each with a
// "Why?" and a "don't show me this again". A slot without items shows
// its default content.
function applyRecs(recs, whyLabel) {
  var els = all("[data-hearth-recommend]"), tpls = null;
  for (var i = 0; i < els.length; i++) {
    var el = els[i], list = recs[i] || [], key = "";
    for (var k = 0; k < list.length; k++) key += list[k].sku + " ";
    // The loader's replay shows the same items, without their buttons.
    el.removeAttribute(PENDING);
    if ((el.getAttribute(APPLIED) || "") === key && !el.hasAttribute(REPLAYED)) continue;
    el.removeAttribute(REPLAYED);
    if (!key) { swapTo(el, null, ""); continue; }
    tpls = tpls || itemTemplates();
    var frag = doc.createDocumentFragment();
    for (var j = 0; j < list.length; j++) {
      var r = list[j], t = has.call(tpls, r.sku) ? tpls[r.sku] : r.url ? card(el, r) : null;
      if (!t) continue;
      var item = itemNode(r.sku, t);
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

// card is the slot's <template data-hearth-card> (in the slot, else the
// page's first) filled with a catalog item: its link on every
// [data-hearth-field=url] (href; the catalog holds paths of the site
// only), its title and summary as the text of every
// [data-hearth-field=title] and [data-hearth-field=summary] (an item
// without a summary loses that element). Text and attributes, never HTML.
function card(slot, r) {
  var c = cardOf(slot);
  if (!c || r.url.charAt(0) !== "/" || r.url.charAt(1) === "/") return null;
  var t = doc.createElement("template"), fields;
  t.content.appendChild(c.content.cloneNode(true));
  fields = t.content.querySelectorAll("[data-hearth-field]");
  for (var i = 0; i < fields.length; i++) {
    var f = fields[i], name = f.getAttribute("data-hearth-field");
    if (name === "url") f.setAttribute("href", r.url);
    else if (name === "title") f.textContent = r.title;
    else if (name === "summary" && r.summary) f.textContent = r.summary;
    else if (name === "summary") f.remove();
  }
  return t;
}

// launcher wires the page's own #hearth-launcher if it has one, or adds a
// floating one ("none": nothing); Hearth's own is relabelled as needed.
export var launcherEl = null, launcherSpace = null, launcherLast = null;
function launcher(l) {
  if (!l) return;
  launcherLast = l;
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
      var space = launcherSpace = doc.createElement("div"); // see hearth.css: the page's end scrolls above the launcher
      space.id = "hearth-launcher-space";
      space.setAttribute("aria-hidden", "true");
      doc.body.appendChild(space);
      watchAway();
      whenIdle(shadeSpace);
    } else {
      launcherEl = false;
    }
    if (launcherEl) launcherEl.addEventListener("click", function (e) { e.preventDefault(); openPanel(""); });
  }
  if (launcherEl && launcherEl.hasAttribute("data-hearth-own") && launcherEl.textContent !== l.label) launcherEl.textContent = l.label;
}
// relaunch brings the launcher back after a swap of the page's body took
// it away: Hearth's own is put back (unless the new page has its own),
// the page's own is wired again.
export function relaunch() {
  if (!launcherEl || launcherEl.isConnected) return;
  if (launcherEl.hasAttribute("data-hearth-own") && !doc.getElementById("hearth-launcher")) {
    doc.body.appendChild(launcherEl);
    if (launcherSpace) doc.body.appendChild(launcherSpace);
    queueAway();
    whenIdle(shadeSpace);
    return;
  }
  launcherEl = null;
  launcher(launcherLast);
}

