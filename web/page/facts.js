  // --- the page's facts -------------------------------------------------

  function attr(el, name) { return (el && el.getAttribute(name)) || ""; }
  function all(sel) { return doc.querySelectorAll(sel); }

  // pageLang is the language for Hearth's texts: the page's, else the
  // browser's. It is read again whenever the panel opens.
  function pageLang() { return attr(root, "lang") || navigator.language || ""; }

  // bundleFiles counts the resources the page loaded from the bundle's base
  // URL (Resource Timing), for the panel's account of Hearth's traffic.
  function bundleFiles() {
    if (!performance.getEntriesByType) return 0;
    var n = 0, es = performance.getEntriesByType("resource");
    for (var i = 0; i < es.length; i++) if (es[i].name.indexOf(base) === 0) n++;
    return n;
  }

  // scan reads, in one pass per kind, what the engine needs of the page.
  function scan() {
    var f = { path: location.pathname, query: {}, topics: attr(doc.querySelector('meta[name="hearth:topics"]'), "content"),
      item: attr(doc.querySelector('meta[name="hearth:item"]'), "content"),
      itemName: attr(doc.querySelector('meta[name="hearth:item-name"]'), "content"),
      language: navigator.language || "", gpc: !!navigator.globalPrivacyControl, width: window.innerWidth,
      lang: pageLang(), debug: false, files: 0, items: [], recSlots: [], variants: [], slots: [], purchased: [] };
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
        includeRead: els[i].hasAttribute("data-hearth-include-read") });
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

