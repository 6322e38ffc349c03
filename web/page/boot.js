import { I, M, base, store, readStored, fail, span, T0, doc } from "./loader.js";
import { scan, askWords } from "./facts.js";
import { useWorker, phases, onAnswer, worker } from "./messages.js";
import { seen } from "./navigate.js";
import { loadCSS } from "./style.js";

// --- starting the worker ------------------------------------------------

// The worker starts after this script's evaluation, over two tasks: the
// stylesheet and the check of the worker's script; the worker. Starting a
// request or a worker costs a slow phone's main thread several ms, and all
// of it in one task made a long one. The worker fetches the module itself
// (with its SRI checked) and the site's config (#36: each response the
// page itself awaits is several more tasks on its main thread; a config
// inline in the page, #hearth-config, goes to it as text), and says when
// the config is there: its hash, and whether it names a catalog. A Worker's
// script cannot carry SRI: where the page pinned the loader (integrity on
// its tag), the worker runs from the bytes fetched with their SRI (a blob:
// URL the loader makes), so what runs is what was checked; elsewhere it
// starts from its URL, checked by a fetch of the same immutable URL, and
// nothing about the visitor reaches it before that check passed (the
// server, trusted with the unpinned loader already, could answer the two
// requests apart: PRIVACY.md says so).
var workerURL = base + M.worker, started = 0, chain = null, source = null;
inTurn([
  function () {
    started = performance.now();
    I.waiting = workerURL;
    chain = loadCSS();
    source = I.workerSource();
    source.catch(function () {}); // reported below, once
  },
  startWorker
]);
// inTurn runs each step in a task of its own, in order, until Hearth has
// given up.
function inTurn(steps) {
  setTimeout(function () {
    if (I.settled()) return;
    steps.shift()();
    if (steps.length) inTurn(steps);
  }, 0);
}
function startWorker() {
  var config = I.config(), told = null; // {text} inline, {url} to fetch, or {error}
  if (config.error) return fail(config.error);
  source.then(function (src) {
    if (I.settled()) return;
    var blocked = cspWatch(src.url);
    useWorker(new Worker(src.trusted)); // worker, from now on
    // Answers (text) are applied in order, the first once the stylesheet
    // is there; the worker's news (the config's, the start's phases) come
    // as objects. The config's news is the worker's first message: it
    // runs, and the page now waits for the module.
    var cfg = new Promise(function (r) { told = r; });
    worker.onmessage = function (e) {
      var n = e.data;
      if (typeof n !== "string") {
        if (typeof n.cfg === "string") {
          I.waiting = base + M.wasm;
          if (src.url.indexOf("blob:") === 0) URL.revokeObjectURL(src.url); // the worker has its script
          told(n);
        }
        return phases(n.phases || [], started);
      }
      chain = chain.then(function () { onAnswer(e); });
    };
    worker.onerror = function (e) {
      e.preventDefault();
      // The page's policy is reported in a task of its own: wait for it.
      setTimeout(function () {
        fail(workerURL + ": " + (blocked() || e.message || "the worker failed to start"));
      }, 0);
    };
    worker.postMessage({ url: base + M.wasm, integrity: M.sri.wasm || "", config: config, origin: location.origin, timing: I.timing });
    return Promise.all([cfg, src.checked]);
  }).then(function (r) {
    if (!r || I.settled()) return;
    var t = performance.now();
    // A replay from another config is taken back now, not when the module
    // answers (the worker hashed the config).
    I.withdraw(r[0].cfg);
    if (r[0].catalog) askWords(); // its model may read the words of a page that says nothing
    var m = { t: "boot", sha256: M.sha256 || "", facts: scan() }; // "t" first: the worker puts the config in
    seen(); // the page counted by the boot message
    span("scan", t);
    m.stored = readStored();
    m.storage = !!store;
    worker.postMessage(JSON.stringify(m));
  }).catch(function (e) { fail(e && e.message ? e.message : String(e)); });
}
// cspWatch listens for the page's Content-Security-Policy refusing url,
// and returns what to tell the site's developer then ("" until it has):
// the directive, and the fix README gives.
function cspWatch(url) {
  var said = "";
  doc.addEventListener("securitypolicyviolation", function (e) {
    if (said || (e.blockedURI !== url && !(e.blockedURI === "blob" && url.indexOf("blob:") === 0))) return;
    said = "blocked by the page's Content-Security-Policy (" + (e.effectiveDirective || e.violatedDirective) +
      "): allow the worker with worker-src 'self'" + (url.indexOf("blob:") === 0 ? " blob:" : "") + ", or 'strict-dynamic' in script-src";
  });
  return function () { return said; };
}
span("page-script", T0);
