// What the loader (web/hearth.js) hands the page side, and the names every
// part of it shares. The bundle runs the page side only where the loader
// started it (tool/bundle wraps it so), so I is always there.
export var api = window.hearth, I = api._loader;
delete api._loader;
export var M = I.M, base = I.base, KEY = I.KEY, store = I.store, readStored = I.readStored, settle = I.settle;
export var swapTo = I.swapTo, itemNode = I.itemNode, itemTemplates = I.itemTemplates, variantTemplates = I.variantTemplates;
export var reveal = I.reveal, fail = I.fail, span = I.span, T0 = performance.now();
export var doc = document, root = doc.documentElement;
export var SLOT = "data-hearth-slot";
export var APPLIED = "data-hearth-applied";
export var PENDING = "data-hearth-pending";
export var REPLAYED = "data-hearth-replayed";
export var TOPICS = "data-hearth-topics";
export var DECLARE = "data-hearth-declare";
export var has = Object.prototype.hasOwnProperty;
export var cssURL = base + M.css;

