import { I, M, doc, root, cssURL } from "./loader.js";
import { relaunch } from "./apply.js";
import { onSwap } from "./events.js";
import { host } from "./panel.js";

// --- Hearth's look -----------------------------------------------------

// Hearth's stylesheet (the "Why?" buttons, the launcher, the panel)
// comes inside this script (the bundle puts web/hearth.css here,
// minified, as HEARTH_PAGE_CSS and HEARTH_PANEL_CSS): no request of its
// own, whose response would be several more tasks on a phone's main
// thread (#36), and checked by this script's SRI. It is adopted
// (document.adoptedStyleSheets, and the panel's shadow root): no element
// holds it, so a router that swaps the page's <head> or <body> (MkDocs
// Material diffs the head and drops what the next page lacks) cannot take
// it away. A browser without constructed stylesheets gets a <link> to the
// bundle's hearth.css, put back when a swap removes it (keepLook). It
// never holds a paint back: nothing waits for it but the first answer.
// Parsing a stylesheet is main-thread work on every page view (#36: the
// whole sheet's replaceSync was Hearth's largest single cost on a phone),
// and two thirds of it is the panel's, which few page views open: the
// document gets the page's part at once, and the panel's part is parsed
// when the panel is first made.
/* global HEARTH_PAGE_CSS, HEARTH_PANEL_CSS */
var sheet = null, sheetLink = null, panelSheet = null;
var adoptable = !!(doc.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync);
export function loadCSS() {
  if (adoptable) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(HEARTH_PAGE_CSS);
      adopt(doc);
      return Promise.resolve();
    } catch (e) {
      sheet = null; // the <link>, below
    }
  }
  return new Promise(function (resolve) {
    var css = sheetLink = stylesheet();
    css.media = "print";
    css.onload = function () { css.media = "all"; resolve(); };
    css.onerror = function () { resolve(); };
    css.href = cssURL;
    (doc.head || root).appendChild(css);
  });
}
// adopt gives a document or shadow root the stylesheet, once.
function adopt(where) {
  if (sheet && where.adoptedStyleSheets.indexOf(sheet) < 0) where.adoptedStyleSheets = where.adoptedStyleSheets.concat([sheet]);
}
// stylesheet is a <link> to the bundle's stylesheet, with its SRI and the
// page's nonce (for a nonce-based style-src), not yet in the document.
function stylesheet() {
  var css = doc.createElement("link");
  css.rel = "stylesheet";
  css.crossOrigin = "anonymous";
  if (M.sri.css) css.integrity = M.sri.css;
  if (I.nonce) css.nonce = I.nonce;
  css.href = cssURL;
  return css;
}
// styleShadow styles the panel's shadow root: the page's part and the
// panel's, parsed now, the first time.
export function styleShadow(shadow) {
  if (!sheet) return shadow.appendChild(stylesheet()); // the bundle's own stylesheet, already in the cache
  adopt(shadow);
  if (!panelSheet) {
    panelSheet = new CSSStyleSheet();
    panelSheet.replaceSync(HEARTH_PANEL_CSS);
  }
  if (panelSheet && shadow.adoptedStyleSheets.indexOf(panelSheet) < 0) shadow.adoptedStyleSheets = shadow.adoptedStyleSheets.concat([panelSheet]);
}
// keepLook puts back what a swap of the page took away: the stylesheet
// (adopted sheets survive; a <link> may not), the launcher and the panel.
export function keepLook() {
  adopt(doc);
  if (sheetLink && !sheetLink.isConnected) (doc.head || root).appendChild(sheetLink);
  relaunch();
  if (host && !host.isConnected) doc.body.appendChild(host);
  if (onSwap) onSwap();
}
