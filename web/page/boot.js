  // --- starting the worker ------------------------------------------------

  // The worker starts in a task of its own, after this script's evaluation,
  // and fetches the module itself (with its SRI checked) while the config
  // arrives: no task of Hearth's on the main thread grows long. A Worker's
  // script cannot carry SRI: the loader checks it with a fetch of the same
  // immutable URL, and nothing about the visitor reaches the worker before
  // that check passed.
  setTimeout(function boot() {
    if (I.settled()) return;
    try {
      var workerURL = base + M.worker, started = performance.now();
      var blocked = cspWatch(workerURL);
      I.waiting = workerURL;
      worker = new Worker(I.scriptURL("worker"));
      // Answers (text) are applied in order, the first once the stylesheet
      // is there; the worker's news (alive, the start's phases) come as
      // objects.
      var chain = I.loadCSS();
      worker.onmessage = function (e) {
        if (typeof e.data !== "string") {
          if (e.data.alive) I.waiting = base + M.wasm;
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
      var checked = I.get(workerURL, { integrity: M.sri.worker || "", mode: "cors", credentials: "omit" });
      Promise.all([I.configText(), checked]).then(function (r) {
        if (I.settled()) return;
        var t = performance.now(), cfg = I.configHash(r[0]);
        I.withdraw(cfg); // a replay from another config is taken back now
        var m = { t: "boot", config: r[0], cfg: cfg, sha256: M.sha256 || "", facts: scan() };
        span("scan", t);
        m.stored = readStored();
        m.storage = !!store;
        worker.postMessage(JSON.stringify(m));
      }).catch(function (e) { fail(e && e.message ? e.message : String(e)); });
    } catch (e) {
      fail(e && e.message ? e.message : String(e));
    }
  }, 0);
  // cspWatch listens for the page's Content-Security-Policy refusing url,
  // and returns what to tell the site's developer then ("" until it has):
  // the directive, and the fix README gives.
  function cspWatch(url) {
    var said = "";
    doc.addEventListener("securitypolicyviolation", function (e) {
      if (said || e.blockedURI !== url) return;
      said = "blocked by the page's Content-Security-Policy (" + (e.effectiveDirective || e.violatedDirective) +
        "): allow the worker with worker-src 'self', or 'strict-dynamic' in script-src";
    });
    return function () { return said; };
  }
  span("page-script", T0);
})();
