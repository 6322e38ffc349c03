import { I, M, base, store, readStored, fail, span, T0, doc } from "./loader.js";
import { scan, askWords } from "./facts.js";
import { useWorker, phases, onAnswer, worker } from "./messages.js";
import { seen } from "./navigate.js";
import { loadCSS } from "./style.js";

// --- starting the worker ------------------------------------------------

// The worker starts after this script's evaluation, over four tasks: the
// stylesheet; the config; the check of the worker's script; the worker.
// Starting a request or a worker costs a slow phone's main thread several
// ms, and all of them in one task made a long one. The worker fetches the
// module itself (with its SRI checked) while the config arrives. A Worker's
// script cannot carry SRI: where the page pinned the loader (integrity on
// its tag), the worker runs from the bytes fetched with their SRI (a blob:
// URL the loader makes), so what runs is what was checked; elsewhere it
// starts from its URL, checked by a fetch of the same immutable URL, and
// nothing about the visitor reaches it before that check passed (the
// server, trusted with the unpinned loader already, could answer the two
// requests apart: PRIVACY.md says so).
var workerURL = base + M.worker, started = 0, chain = null, config = null, source = null;
inTurn([
  function () {
    started = performance.now();
    I.waiting = workerURL;
    chain = loadCSS();
  },
  function () {
    config = I.configText();
    config.catch(function () {}); // reported below, once
  },
  function () {
    source = I.workerSource();
    source.catch(function () {}); // likewise
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
  source.then(function (src) {
    if (I.settled()) return;
    var blocked = cspWatch(src.url);
    useWorker(new Worker(src.trusted)); // worker, from now on
    // Answers (text) are applied in order, the first once the stylesheet
    // is there; the worker's news (alive, the start's phases) come as
    // objects.
    worker.onmessage = function (e) {
      if (typeof e.data !== "string") {
        if (e.data.alive) {
          I.waiting = base + M.wasm;
          if (src.url.indexOf("blob:") === 0) URL.revokeObjectURL(src.url); // the worker has its script
        }
        return phases(e.data.phases || [], started);
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
    worker.postMessage({ url: base + M.wasm, integrity: M.sri.wasm || "" });
    return Promise.all([config, src.checked]);
  }).then(function (r) {
    if (!r || I.settled()) return;
    var t = performance.now();
    // A replay from another config is taken back now, not when the module
    // answers; only a page with a replay pays for hashing the config here
    // (the module hashes it for every page, off the main thread).
    if (I.replayCfg()) I.withdraw(I.configHash(r[0]));
    catalogOf(r[0]);
    var m = { t: "boot", config: r[0], sha256: M.sha256 || "", facts: scan() };
    seen(); // the page counted by the boot message
    span("scan", t);
    m.stored = readStored();
    m.storage = !!store;
    worker.postMessage(JSON.stringify(m));
  }).catch(function (e) { fail(e && e.message ? e.message : String(e)); });
}
// catalogOf has the worker fetch the site's catalog where the config
// names one ("catalog": a path of the site), on the page's origin: the
// same request for every visitor, made before the boot message (the
// module checks the path against the config it parses).
function catalogOf(config) {
  if (config.indexOf('"catalog"') < 0) return;
  var path;
  try { path = JSON.parse(config).catalog; } catch (e) { return; } // the module says what is wrong with it
  if (typeof path !== "string" || path.charAt(0) !== "/" || /^\/[\/\\]/.test(path)) return;
  worker.postMessage({ catalog: location.origin + path, path: path });
  askWords(); // its model may read the words of a page that says nothing
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
