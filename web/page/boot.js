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
      worker = new Worker(I.scriptURL(workerURL));
      // Answers (text) are applied in order, the first once the stylesheet
      // is there; the start's phases come once, as an object.
      var chain = I.loadCSS();
      worker.onmessage = function (e) {
        if (typeof e.data !== "string") return phases(e.data.phases || [], started);
        chain = chain.then(function () { onAnswer(e); });
      };
      worker.onerror = function (e) { e.preventDefault(); fail(workerURL + ": " + (e.message || "the worker failed to start")); };
      worker.postMessage({ url: base + M.wasm, integrity: M.sri.wasm || "" });
      var checked = I.get(workerURL, { integrity: M.sri.worker || "", mode: "cors", credentials: "omit" });
      Promise.all([I.configText(), checked]).then(function (r) {
        if (I.settled()) return;
        var t = performance.now();
        var m = { t: "boot", config: r[0], sha256: M.sha256 || "", facts: scan() };
        span("scan", t);
        m.stored = readStored();
        m.storage = !!store;
        worker.postMessage(JSON.stringify(m));
      }).catch(function (e) { fail(e && e.message ? e.message : String(e)); });
    } catch (e) {
      fail(e && e.message ? e.message : String(e));
    }
  }, 0);
  span("page-script", T0);
})();
