package audit

import (
	"context"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Whose storage: Hearth promises one localStorage key, hearth:v1, and
// nothing else; a site keeps its own (MkDocs Material's palette, a cart),
// which is not egress and not Hearth's. Every document of the audit's
// browsers reports each write to localStorage, sessionStorage and
// document.cookie, with whether a Hearth script made it (its stack holds
// the loader or the page side), so that the audit fails on Hearth's own
// extra storage and lists the site's apart for the reviewer.

// storageWatch wraps the writers; it runs before any script of a document.
const storageWatch = `(() => {
	const tell = window.hearthAuditStore;
	if (typeof tell !== "function") return;
	const who = () => /\/hearth\.js|\/hearth-page\.[0-9a-f]+\.js/.test(new Error().stack || "") ? "hearth" : "site";
	const set = Storage.prototype.setItem;
	Storage.prototype.setItem = function (k, v) {
		try { tell((this === window.sessionStorage ? "sessionStorage key" : "localStorage key") + "\t" + who() + "\t" + String(k)); } catch (e) {}
		return set.apply(this, arguments);
	};
	const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
	if (d && d.set) Object.defineProperty(document, "cookie", { configurable: true, get() { return d.get.call(document); },
		set(v) { try { tell("cookie\t" + who() + "\t" + String(v).split("=")[0].trim()); } catch (e) {} d.set.call(document, v); } });
})();`

// storageWriters keeps who wrote each key: "localStorage key K" → the site
// alone (true) or Hearth at least once (false).
type storageWriters struct {
	mu     sync.Mutex
	bySite map[string]bool
}

// watchStorage installs storageWatch in every document of the browser.
func watchStorage(ctx context.Context) (*storageWriters, error) {
	w := &storageWriters{bySite: map[string]bool{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		e, ok := ev.(*runtime.EventBindingCalled)
		if !ok || e.Name != "hearthAuditStore" {
			return
		}
		kind, rest, _ := strings.Cut(e.Payload, "\t")
		who, key, _ := strings.Cut(rest, "\t")
		w.mu.Lock()
		defer w.mu.Unlock()
		k := kind + " " + key
		if site, seen := w.bySite[k]; !seen || site {
			w.bySite[k] = who == "site"
		}
	})
	err := chromedp.Run(ctx, runtime.Enable(), runtime.AddBinding("hearthAuditStore"),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(storageWatch).Do(ctx)
			return err
		}))
	return w, err
}

// site reports whether only the site's own scripts wrote what (e.g.
// "localStorage key /.__palette"): then it is the site's storage, not
// Hearth's. What no watched writer wrote is not known to be the site's.
func (w *storageWriters) site(what string) bool {
	if w == nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.bySite[what]
}
