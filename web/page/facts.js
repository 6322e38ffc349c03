import { base, doc, root, SLOT, TOPICS, has } from "./loader.js";

// --- the page's facts -------------------------------------------------

export function attr(el, name) { return (el && el.getAttribute(name)) || ""; }
export function all(sel) { return doc.querySelectorAll(sel); }

// pageLang is the language for Hearth's texts: the page's, else the
// browser's. It is read again whenever the panel opens.
export function pageLang() { return attr(root, "lang") || navigator.language || ""; }

// bundleFiles counts the resources the page loaded from the bundle's base
// URL (Resource Timing), for the panel's account of Hearth's traffic.
export function bundleFiles() {
  if (!performance.getEntriesByType) return 0;
  var n = 0, es = performance.getEntriesByType("resource");
  for (var i = 0; i < es.length; i++) if (es[i].name.indexOf(base) === 0) n++;
  return n;
}

// pageLabels reads what a page without hearth:topics says it is about,
// each label with its source, in their order of trust (rules.Sources):
// article:tag and rel="tag" links; article:section; its JSON-LD
// (keywords, articleSection, a Product's category, about, a breadcrumb's names but the first,
// the site's home, and the last, the page itself); meta keywords. The
// module makes them topics (docs/ONE-TAG.md); the path it reads itself.
function pageLabels() {
  var out = [], i, els;
  function add(src, text) {
    text = typeof text === "string" ? text.trim() : "";
    if (text && text.length <= 200 && out.length < 32) out.push([src, text]);
  }
  els = all('meta[property="article:tag"]');
  for (i = 0; i < els.length; i++) add("tags", attr(els[i], "content"));
  els = all('a[rel~="tag"]');
  for (i = 0; i < els.length; i++) add("tags", els[i].textContent);
  els = all('meta[property="article:section"]');
  for (i = 0; i < els.length; i++) add("section", attr(els[i], "content"));
  els = all('script[type="application/ld+json"]');
  for (i = 0; i < els.length && i < 3; i++) jsonLD(els[i].textContent, add);
  els = attr(doc.querySelector('meta[name="keywords"]'), "content").split(",");
  for (i = 0; i < els.length; i++) add("keywords", els[i]);
  return out;
}
function jsonLD(text, add) {
  var d, nodes, i, j, n, crumbs;
  if (text.length > 65536) return;
  try { d = JSON.parse(text); } catch (e) { return; }
  nodes = Array.isArray(d) ? d : d && Array.isArray(d["@graph"]) ? d["@graph"] : [d];
  function each(v, f) {
    if (typeof v === "string") v = v.split(",");
    if (!Array.isArray(v)) v = [v];
    for (var k = 0; k < v.length && k < 32; k++) f(v[k]);
  }
  function named(v) { add("jsonld", v && typeof v === "object" ? v.name : v); }
  for (i = 0; i < nodes.length && i < 16; i++) {
    if (!(n = nodes[i]) || typeof n !== "object") continue;
    each(n.keywords, function (k) { add("jsonld", k); });
    each(n.articleSection, function (k) { add("jsonld", k); });
    each(n.category, function (k) { // a Product's: "Camping > Tents" is both
      if (typeof k === "string") k.split(">").forEach(function (c) { add("jsonld", c); }); else named(k);
    });
    if (n.about) each(n.about, named);
    crumbs = n["@type"] === "BreadcrumbList" && Array.isArray(n.itemListElement) ? n.itemListElement : [];
    for (j = 1; j < crumbs.length - 1; j++) {
      if (crumbs[j] && typeof crumbs[j] === "object") named(crumbs[j].name ? crumbs[j] : typeof crumbs[j].item === "object" ? crumbs[j].item : null);
    }
  }
}

// pageWords is what a page that says nothing of its topics gives the
// site's model (the catalog's; package infer, in the worker): its title
// and first 200 words, outside what every page repeats and outside code.
// tool/check's words.go reads a page the same way for `hearth index` to
// learn from. A TreeWalker stops at the 200th word: a long page costs no
// more than a short one. Only a site with a catalog has a model:
// askWords says so (boot.js, told by the worker, which reads the config).
var wordsWanted = false;
export function askWords() { wordsWanted = true; }
var SKIPPED = { HEAD: 1, SCRIPT: 1, STYLE: 1, TEMPLATE: 1, NOSCRIPT: 1, NAV: 1, HEADER: 1, FOOTER: 1, ASIDE: 1, SVG: 1 };
function pageWords() {
  var out = [], node, parts, i, w;
  if (!doc.body) return "";
  w = doc.createTreeWalker(doc.body, 5 /* SHOW_ELEMENT | SHOW_TEXT */, { acceptNode: function (n) {
    // FILTER_REJECT (2): not its subtree; Hearth's own launcher and panel are not the page's words
    return n.nodeType === 1 && (SKIPPED[n.nodeName.toUpperCase()] || n.id.indexOf("hearth-") === 0) ? 2 : 1;
  } });
  while (out.length < 200 && (node = w.nextNode())) {
    if (node.nodeType !== 3) continue;
    parts = node.data.split(/\s+/);
    for (i = 0; i < parts.length && out.length < 200; i++) if (parts[i] && parts[i].length <= 24) out.push(parts[i]);
  }
  return (doc.title + " " + out.join(" ")).trim();
}

// cardOf is the <template data-hearth-card> a recommendation slot shows a
// catalog item with: its own (kept with its default content once it was
// swapped), else the page's first; null where there is none, and the
// module then offers it no catalog item.
export function cardOf(slot) {
  return (slot.hearthDefault || slot).querySelector("template[data-hearth-card]") || doc.querySelector("template[data-hearth-card]");
}

// scan reads, in one pass per kind, what the engine needs of the page.
export function scan() {
  var tagged = doc.querySelector('meta[name="hearth:topics"]');
  var f = { path: location.pathname, query: {}, topics: attr(tagged, "content"), labels: tagged ? [] : pageLabels(), words: "",
    item: attr(doc.querySelector('meta[name="hearth:item"]'), "content"),
    itemName: attr(doc.querySelector('meta[name="hearth:item-name"]'), "content"),
    language: navigator.language || "", gpc: !!navigator.globalPrivacyControl, width: window.innerWidth,
    lang: pageLang(), debug: false, files: 0, items: [], recSlots: [], variants: [], slots: [], purchased: [] };
  if (wordsWanted && !tagged && !f.labels.length) f.words = pageWords();
  var params = new URLSearchParams(location.search);
  params.forEach(function (v, k) { if (!has.call(f.query, k)) f.query[k] = v; });
  f.debug = params.has("hearth-debug");
  var i, els = all("template[data-hearth-item-template][data-hearth-item]");
  for (i = 0; i < els.length; i++) {
    f.items.push({ sku: attr(els[i], "data-hearth-item"), name: attr(els[i], "data-hearth-name"), topics: attr(els[i], TOPICS) });
  }
  els = all("[data-hearth-recommend]");
  for (i = 0; i < els.length; i++) {
    f.recSlots.push({ kind: attr(els[i], "data-hearth-recommend"), count: parseInt(attr(els[i], "data-hearth-count"), 10) || 3,
      includeRead: els[i].hasAttribute("data-hearth-include-read"), card: !!cardOf(els[i]) });
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

