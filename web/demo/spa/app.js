// A tiny single-page app for the demo: sections rendered on the client,
// navigation with history.pushState, no framework. Hearth needs nothing
// from it but its markup: the hearth:topics meta and the slot it renders.
(function () {
  "use strict";
  var sections = {
    home: { topics: "", title: "Trail guide", text: "Pick a guide. The banner below adapts to what you read, in this browser only." },
    camping: { topics: "camping", title: "Camping guide", text: "Pitch on high ground, cook downwind, pack out what you pack in." },
    running: { topics: "running", title: "Running guide", text: "Shorten your stride uphill, look three steps ahead downhill." }
  };
  function current() {
    var s = new URLSearchParams(location.search).get("section");
    return sections[s] ? s : "home";
  }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function render() {
    var name = current(), s = sections[name], view = document.getElementById("view");
    document.querySelector('meta[name="hearth:topics"]').setAttribute("content", s.topics);
    var nodes = [el("h1", s.title), el("p", s.text)];
    if (name === "home") {
      var slot = el("div", "", { "class": "slot", "data-hearth-slot": "spa-hero", "data-hearth-label": "the guide's banner" });
      slot.appendChild(el("div", "", { "class": "hero" })).appendChild(el("h1", "Guides for every trail"));
      nodes.push(slot);
      var recent = el("div", "", { "class": "grid", "data-hearth-recommend": "recent", "data-hearth-count": "2" });
      recent.appendChild(el("p", "Gear you look at shows up here.", { "class": "muted" }));
      nodes.push(el("h2", "Recently viewed"), recent);
    }
    view.replaceChildren.apply(view, nodes);
  }
  document.getElementById("spa-nav").addEventListener("click", function (e) {
    var a = e.target.closest("a[data-section]");
    if (!a) return;
    e.preventDefault();
    history.pushState({}, "", "?section=" + a.getAttribute("data-section"));
    render();
  });
  addEventListener("popstate", render);
  render();
})();
