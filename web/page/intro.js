/* Hearth's page side, loaded by hearth.js when the module starts. It reads
 * the page's facts and hearth:v1 and posts them to the module's Web Worker
 * (hearth-worker.js), and applies what the worker answers: the slots'
 * content, the "Why?" buttons, the stored value, the panel (rendered here
 * from the view the worker computes, with text nodes only). It decides
 * nothing itself. It sends nothing anywhere: its only requests are for the
 * bundle's files and the site's config.
 *
 * hearth-page.js is web/page/'s files joined in this order (build/bundle.go),
 * one function opened here and closed by boot.js: intro.js (what the parts
 * share), facts.js (reading the page), messages.js (the worker and its
 * answers), apply.js (showing an answer), events.js (the page's events and
 * the real API), navigate.js (pages swapped in without a reload), style.js
 * (Hearth's stylesheet, kept through swaps), panel.js (the "Why?" panel),
 * boot.js (starting the worker). */
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

