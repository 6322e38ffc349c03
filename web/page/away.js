import { base, doc, root } from "./loader.js";
import { launcherEl, launcherSpace } from "./apply.js";

// --- the launcher keeps out of the site's way ----------------------------
// Hearth's floating launcher rests in a corner over the page. What the
// site opens over its own page there (a navigation drawer and its shade,
// a full-screen search, a modal, a cookie bar, a chat button) must not be
// covered (#32.8): after each interaction (a click, a key, a focus, the
// end of a transition, a scroll or a resize) and once the page is idle,
// the launcher looks at what lies under its resting place. Under a site
// layer (an element in a fixed box) that is a bar at the bottom, it stands
// above the bar; under any other (a drawer's shade, a search, a backdrop)
// or while the site shows an aria-modal element, it steps away (hidden)
// until the layer is gone. One hit test a frame at
// most, never during a scroll. A site's own #hearth-launcher is left as
// the site placed it.
var awayDue = false, awayOn = false;
export function watchAway() {
  if (awayOn) return queueAway();
  awayOn = true;
  ["click", "keyup", "focusin", "transitionend", "animationend"].forEach(function (k) {
    doc.addEventListener(k, queueAway, { capture: true, passive: true });
  });
  window.addEventListener("resize", queueAway, { passive: true });
  window.addEventListener("scrollend", queueAway, { passive: true });
  whenIdle(queueAway);
}
export function whenIdle(f) {
  if (window.requestIdleCallback) requestIdleCallback(f, { timeout: 1000 });
  else setTimeout(f, 0);
}
export function queueAway() {
  if (awayDue) return;
  awayDue = true;
  requestAnimationFrame(function () { awayDue = false; stepBack(); });
}
function stepBack() {
  var l = launcherEl;
  if (!l || !l.isConnected || !l.hasAttribute("data-hearth-own")) return;
  var lift = parseFloat(l.style.getPropertyValue("--hearth-lift")) || 0;
  var r = l.getBoundingClientRect();
  if (!r.width) return; // the page hides it (display: none)
  var layer = siteLayer(r.left + r.width / 2, r.top + r.height / 2 + lift), away = false, up = 0;
  if (layer) {
    var b = layer.getBoundingClientRect(), vh = innerHeight;
    if (b.top > vh / 2 && b.height < vh * 0.4) up = Math.ceil(vh - b.top);
    else away = true;
  }
  if (!away && modalShown()) away = true;
  if (up !== lift) {
    if (up) l.style.setProperty("--hearth-lift", up + "px");
    else l.style.removeProperty("--hearth-lift");
  }
  if (away !== l.hasAttribute("data-hearth-away")) l.toggleAttribute("data-hearth-away", away); // hidden: out of the tab order too
}
// siteLayer is the box of the site's own in a fixed position that holds
// the topmost element at (x, y) under the launcher, or null when the page
// there scrolls with the document (a sticky sidebar is part of the page).
function siteLayer(x, y) {
  var els = doc.elementsFromPoint(x, y);
  for (var i = 0; i < els.length; i++) {
    var e = els[i];
    if (e === launcherEl || e.id === "hearth-panel") continue;
    for (var a = e; a && a !== doc.body && a !== root; a = a.parentElement) {
      if (getComputedStyle(a).position === "fixed") return a;
    }
    return null;
  }
  return null;
}
// modalShown reports whether the site shows an aria-modal element (a
// dialog of its own that is not in the top layer).
function modalShown() {
  var m = doc.querySelectorAll('[aria-modal="true"]');
  for (var i = 0; i < m.length; i++) if (m[i].getClientRects().length) return true;
  return false;
}

// shadeSpace gives the phone spacer under the page (hearth.css) the
// color of the page's last full-width strip (a dark footer), so that it
// does not show as a band of the body's color under it: the backgrounds
// of the last strip and of the strips it lies in, over the body's, as the
// browser paints them. Computed once the page is idle, and again after a
// swap or a theme's toggle; on a wide screen the spacer has no height and
// nothing is computed.
export function shadeSpace() {
  var s = launcherSpace;
  if (!s || !s.isConnected || !window.matchMedia || !matchMedia("(max-width: 40rem)").matches) return;
  var paint = null, w = root.clientWidth * 0.9, e = s.previousElementSibling;
  [root, doc.body].forEach(function (el) { paint = over(paint, getComputedStyle(el).backgroundColor); });
  var base = paint;
  for (var depth = 0; e && depth < 12; depth++) {
    var cs = null;
    while (e && (e === launcherEl || e.id === "hearth-panel" || /^(SCRIPT|TEMPLATE|STYLE|LINK|NOSCRIPT|INPUT)$/.test(e.tagName) ||
      !e.getClientRects().length || /^(fixed|absolute)$/.test((cs = getComputedStyle(e)).position))) e = e.previousElementSibling;
    if (!e || e.getBoundingClientRect().width < w) break;
    paint = over(paint, cs.backgroundColor);
    e = e.lastElementChild;
  }
  if (paint && paint !== base) s.style.setProperty("background-color", "rgb(" + paint.join(", ") + ")");
  else s.style.removeProperty("background-color");
}
// over is the color c (a computed rgb() or rgba()) painted over under
// ([r, g, b], or null for the canvas's white).
function over(under, c) {
  var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c || "");
  if (!m) return under;
  var a = m[4] === undefined ? 1 : +m[4], u = under || [255, 255, 255];
  if (!a) return under;
  return [1, 2, 3].map(function (i) { return Math.round(+m[i] * a + u[i - 1] * (1 - a)); });
}
