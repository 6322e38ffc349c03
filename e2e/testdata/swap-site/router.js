// A router of the fixture's own, as MkDocs Material's instant navigation
// works: a click on a same-origin link fetches the next page and swaps it
// in; <head> is diffed (what the next page lacks is removed, what it adds
// is added, scripts aside), then the body replaced. With
// <html data-router="before"> the URL is pushed before the fetch, as
// Material does; with "after", once the page is in. Back and forward
// fetch the page again.
(function () {
  "use strict";
  var mode = document.documentElement.getAttribute("data-router") || "before";
  function swap(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var want = {};
    [].forEach.call(next.head.children, function (e) { want[e.outerHTML] = e; });
    [].slice.call(document.head.children).forEach(function (e) {
      if (want[e.outerHTML]) delete want[e.outerHTML];
      else e.remove();
    });
    Object.keys(want).forEach(function (k) {
      if (want[k].localName !== "script") document.head.appendChild(document.importNode(want[k], true));
    });
    document.body.replaceWith(document.importNode(next.body, true));
  }
  function go(url, push) {
    if (push && mode === "before") history.pushState({}, "", url);
    fetch(url).then(function (r) { return r.text(); }).then(function (html) {
      // The network's time: the swap comes in a later task, as on a real site.
      setTimeout(function () {
        swap(html);
        if (push && mode === "after") history.pushState({}, "", url);
        document.dispatchEvent(new CustomEvent("router:swapped"));
      }, 30);
    });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || a.origin !== location.origin || e.defaultPrevented || e.button !== 0) return;
    e.preventDefault();
    if (a.href !== location.href) go(a.href, true);
  });
  window.addEventListener("popstate", function () { go(location.href, false); });
})();
