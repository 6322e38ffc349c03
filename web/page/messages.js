import { api, I, store, readStored, fail, span } from "./loader.js";
import { apply } from "./apply.js";
import { start } from "./events.js";
import { navSettled } from "./navigate.js";

// --- the worker -------------------------------------------------------

export var worker = null, live = false, pending = [], last = null;
// useWorker is the worker boot.js started, which send posts to.
export function useWorker(w) { worker = w; }
// remember keeps an answer as the last one: an answer carries the
// profile and the decisions only when they changed, so it takes the last
// one's where it has none.
export function remember(u) {
  if (last) {
    if (u.profile === undefined) u.profile = last.profile;
    if (u.decisions === undefined) u.decisions = last.decisions;
  }
  last = u;
}
I.onFail = function () {
  live = false;
  if (catalogDone) catalogDone();
  if (worker) worker.terminate();
  var waiting = pending;
  pending = [];
  waiting.forEach(function (r) { r(); });
};

// send posts a message with the stored value as it is now (another tab
// may have written since), and returns a promise settled once the
// worker's answer to it has been applied (the worker answers in order).
export function send(msg) {
  if (!live) return I.settled() ? Promise.resolve() : api.ready.then(function () { return send(msg); }, function () {});
  return new Promise(function (resolve) {
    msg.stored = readStored();
    msg.storage = !!store;
    // Encoded before its resolver is queued: an argument JSON cannot
    // carry (a BigInt, a cycle, a throwing toJSON) rejects this call only,
    // and every later answer still settles its own call.
    var text;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      throw new TypeError("hearth." + msg.t + ": an argument cannot be sent to the module (" + (e && e.message ? e.message : e) + ")");
    }
    pending.push(resolve);
    worker.postMessage(text);
  });
}

// _idle settles once every message sent so far has been answered and
// applied: for tests and the audit, which wait for it instead of sleeping.
// It waits for the site's catalog too, when the first answer said one
// was coming: the module fetches it, and its answer comes unasked.
var catalogDone = null, catalogCame = Promise.resolve();
api._idle = function () { return navSettled().then(function () { return catalogCame; }).then(function () { return send({ t: "idle" }); }); };

// phases shows the worker's phases of the start as measures on the page's
// timeline (the worker's clock is the same epoch's); the boot message's
// handling is split where the config's parse ended, once both are known.
var bootSpan = null, parseMs = -1;
export function phases(list, started) {
  var o = performance.timeOrigin;
  for (var i = 0; i < list.length; i++) {
    var p = list[i];
    if (p[0] === "boot") bootSpan = [p[1] - o, p[2] - o];
    else span(p[0], p[1] ? p[1] - o : started, p[2] - o);
  }
  bootPhases();
}
function bootPhases() {
  if (!bootSpan || parseMs < 0) return;
  var cut = Math.min(bootSpan[0] + parseMs, bootSpan[1]);
  span("config-parse", bootSpan[0], cut);
  span("decide", cut, bootSpan[1]);
  bootSpan = null;
}

export function onAnswer(e) {
  var u;
  try { u = JSON.parse(e.data); } catch (err) { return fail("unreadable answer from the worker"); }
  if (u.fatal) return fail(u.fatal);
  var first = !live, t = performance.now();
  if (first && typeof u.parseMs === "number") {
    parseMs = u.parseMs;
    bootPhases();
  }
  try {
    apply(u, first);
    if (first) span("apply", t);
  } catch (err) {
    if (window.console) console.error("hearth: " + (err && err.message ? err.message : err));
  }
  // The boot message was no call of the API's: its answer settles none
  // (the calls queued before it, and those made in start's listeners, are
  // sent in start and settled by their own answers).
  if (first) {
    if (u.catalog === false) catalogCame = new Promise(function (r) { catalogDone = r; });
    live = true;
    I.done();
    start(u);
    return;
  }
  if (u.catalog) { // the catalog's arrival: an answer to no call
    if (catalogDone) catalogDone();
    return;
  }
  var r = pending.shift();
  if (r) r();
}

