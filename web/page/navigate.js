import { api, I, readStored, reveal, doc, APPLIED, PENDING } from "./loader.js";
import { attr, scan } from "./facts.js";
import { send, live } from "./messages.js";
import { restartDwell, observer } from "./events.js";
import { keepLook } from "./style.js";

// --- pages swapped in without a reload --------------------------------

// Routers that swap pages (Turbo, htmx's hx-boost, swup, Astro's view
// transitions, MkDocs Material's instant navigation, a site's own) change
// the URL before, after or without replacing the page. Each page view is
// counted once, when the new page is in, under its own path:
// - where a router is known, on its own event (ROUTER_EVENTS, Material's
//   document$), which it fires once the new page is in;
// - else, after the URL changed, once the page differs from the one last
//   counted (its title, hearth:topics, hearth:item, first heading or
//   body), in the task after the change was seen, so that the router
//   finishes its swap;
// - else NAV_WAIT after the URL changed (a router that changes only the
//   URL, or is slower than that);
// - or when the site's own router calls hearth.navigated(), after which
//   Hearth waits for that call alone.
// A slot that a swap brings in is hidden until it is decided (at most
// TIMEOUT), and shows the last decision for its page at once where one
// is stored, as a full load's replay does.
var NAV_WAIT = 3000, TIMEOUT = 1000;
var ROUTER_EVENTS = ["turbo:load", "htmx:afterSettle", "htmx:historyRestore", "astro:page-load", "swup:page:view"];
export var counted = "", print = "", watching = false, navTimer = 0, soon = false, router = false, manual = false, navWaiters = [];
var cfgHash = "", bodies = 0;
// replaysFrom sets the config's hash a replay must carry to be shown.
export function replaysFrom(h) { cfgHash = h; }

I.onURL = urlChanged;

function here() { return location.pathname + location.search; }

// fingerprint is what tells one page from another.
function fingerprint() {
  var h = doc.querySelector("h1"), b = doc.body;
  if (b && !b.hearthBody) b.hearthBody = ++bodies;
  return [doc.title, attr(doc.querySelector('meta[name="hearth:topics"]'), "content"),
    attr(doc.querySelector('meta[name="hearth:item"]'), "content"), h ? h.textContent.slice(0, 200) : "", b ? b.hearthBody : 0].join("\n");
}

// seen marks the page now shown as the one counted.
export function seen() {
  counted = here();
  print = fingerprint();
}

// watchRouters listens for the routers Hearth knows, on the first answer.
export function watchRouters() {
  ROUTER_EVENTS.forEach(function (n) { doc.addEventListener(n, routerSaid); });
  var d = window.document$; // MkDocs Material: a new document on every instant navigation
  if (d && typeof d.subscribe === "function") {
    router = true;
    try { d.subscribe(function () { routerSaid(); }); } catch (e) { router = false; }
  }
  if (window.Turbo || window.htmx || doc.querySelector('meta[name="astro-view-transitions-enabled"]')) router = true;
  if (here() !== counted) urlChanged(); // the URL changed before the first answer
}

// urlChanged hears of every change of the URL (the loader's wrappers).
function urlChanged() {
  if (!live) return; // watchRouters looks again on the first answer
  if (here() === counted) return stopWatching(); // back where the last count was: nothing new
  if (manual) return;
  watching = true;
  clearTimeout(navTimer);
  navTimer = setTimeout(commit, NAV_WAIT);
  if (!router) swapped(); // a router that swapped before it pushed
}

// swapped checks, after the page changed, whether a new page is in.
export function swapped() {
  if (!watching || router || soon || fingerprint() === print) return;
  soon = true;
  setTimeout(function () {
    soon = false;
    if (watching) commit();
  }, 0);
}

function routerSaid() {
  router = true;
  if (!manual && live) commit();
}

function stopWatching() {
  watching = false;
  clearTimeout(navTimer);
  navTimer = 0;
  var w = navWaiters;
  navWaiters = [];
  w.forEach(function (r) { r(); });
}

// commit counts the page now shown, if its URL is new, else reads it
// again (a router's event after a swap within the page).
function commit() {
  stopWatching();
  if (!live) return;
  if (here() === counted) return send({ t: "added", facts: scan() });
  seen();
  keepLook();
  replayHere();
  send({ t: "navigate", facts: scan() });
  restartDwell();
}

// navigated is hearth.navigated(): the site's router says its new page is
// in. From then on Hearth counts on the site's calls alone.
export function navigated() {
  manual = true;
  commit();
  return api._idle();
}

// navSettled settles once no navigation is being watched (for tests and
// the audit: hearth._idle waits for it).
export function navSettled() {
  return watching ? new Promise(function (resolve) { navWaiters.push(resolve); }) : Promise.resolve();
}

// hideNew hides the slots a swap brought in until they are decided, and
// shows at once the stored decision for the page they belong to, when
// the URL already says which (a router that pushes first).
var hideTimer = 0;
export function hideNew(els) {
  var n = 0;
  for (var i = 0; i < els.length; i++) {
    if (els[i].hasAttribute(APPLIED)) continue;
    els[i].setAttribute(PENDING, "");
    n++;
  }
  if (!n) return;
  if (here() !== counted) replayHere();
  clearTimeout(hideTimer);
  hideTimer = setTimeout(reveal, TIMEOUT); // never past the budget
}

// replayHere shows the last decision stored for this page in the slots
// not yet applied, as the loader does on a full load (the same function:
// I.showReplay), unless it came from another config.
function replayHere() {
  var s = null;
  try { s = JSON.parse(readStored() || "null"); } catch (e) { s = null; }
  var r = I.replayOf(s, location.pathname);
  if (!r || (r.cfg && cfgHash && r.cfg !== cfgHash)) return;
  I.showReplay(r, false);
  if (observer) observer.takeRecords(); // Hearth's own changes are not the page's
}
