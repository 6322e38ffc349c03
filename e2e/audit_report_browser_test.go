package e2e

// Planted reports the audit must catch: rewritten by the page side, or
// held back, for a visitor with a profile (#33.6, #33.7).

import (
	"fmt"
	"strings"
	"testing"
)

// A page side that rewrites the report the module made is caught by the
// report itself, compared byte for byte with the one the module handed
// over inside its worker (where no site script reaches): one bit of the
// profile carried in the nonce (the report stays valid, the right size, on
// the right path, and the module's own draws stay clean), and the true
// answers sent in place of the randomized ones. The second is visible only
// in a report whose randomized answers differ from the true ones: at the
// demo's ε = 4, 3.5% of answers; at ε = 0.5 here, 55%, so that the
// audit's 6 reports of 2 answers each catch it all but once in 14,000.
func TestAuditCatchesReportRewrite(t *testing.T) {
	t.Parallel() // its audits mostly wait: with the other planted reports', after the suite's sequential tests
	plant := func(rewrite string, eps float64) func(map[string]string) {
		return func(files map[string]string) {
			files["rewrite.js"] = `(() => {
	const before = JSON.parse(localStorage.getItem("hearth:v1") || "null"), f = window.fetch;
	const rewrite = ` + rewrite + `;
	window.fetch = function (url, init) {
		if (String(url).endsWith("/hearth/report") && init && typeof init.body === "string") init = Object.assign({}, init, { body: rewrite(init.body) });
		return f.apply(this, arguments.length > 1 ? [url, init] : arguments);
	};
})();`
			files["index.html"] = strings.Replace(files["index.html"], "<head>", `<head><script src="/rewrite.js"></script>`, 1)
			files["hearth.json"] = strings.Replace(files["hearth.json"], `"epsilon": 4`, fmt.Sprintf(`"epsilon": %g`, eps), 1)
		}
	}
	for _, c := range []struct {
		name, rewrite string
		eps           float64
	}{
		{"a bit of the profile in the nonce", `b => !(before && JSON.stringify(before).includes("hearthcanary")) ? b :
		b.replace(/"n":"([0-9a-f]*)([0-9a-f])"/, (m, a, d) => '"n":"' + a + (parseInt(d, 16) ^ 1).toString(16) + '"')`, 4},
		{"the true answers", `b => {
		const m = before && before.measure;
		if (!m) return b;
		const r = JSON.parse(b);
		r.r.forEach(e => { e[2] = m.eligible && m.eligible[e[0]] ? (m.goal && m.goal[e[0]] ? 1 : 2) : 0; });
		const t = JSON.stringify(r);
		return t + " ".repeat(b.length - t.length);
	}`, 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each audit mostly waits (its timers, the report's 3 s)
			d := serveMeasuredDemo(t, plant(c.rewrite, c.eps))
			if d.m.Epsilon != c.eps {
				t.Fatalf("the planted config's ε is %g, want %g", d.m.Epsilon, c.eps)
			}
			rep, err := runAudit(t, "--measure-only", d.url+"/")
			var found []string
			for _, f := range rep.Findings {
				found = append(found, f.Run+" "+f.Check+": "+f.Detail)
			}
			got := strings.Join(found, "\n")
			if err == nil || rep.Clean || !strings.Contains(got, "not the report the module made") {
				t.Fatalf("the audit passed a page side that rewrote %s: %v, findings:\n%s", c.name, err, got)
			}
			if strings.Contains(got, "measure-bare ") && c.eps == 4 {
				t.Errorf("the bare visitor's report was not rewritten, yet a finding names it:\n%s", got)
			}
		})
	}
}

// A report held back for a visitor with a profile is caught, against the
// moment its module made it (seen inside the worker): by 500 ms it leaves
// between the 3 s slots reports leave on; by exactly 3 s it leaves in the
// next slot, as a slow module's would, but its module was not slow. (A
// slow module on a busy machine moves the slot and is no finding:
// TestAuditFalseAlarmRate/measuring.) A module that answers just before a
// slot makes the next slot an honest one too, so one held-back report can
// pass (a clean-clone CI saw it once): the two page draws with a profile
// make three chances, all three that close to a slot only on a machine
// too busy for the suite.
func TestAuditCatchesHeldBackReport(t *testing.T) {
	t.Parallel() // as TestAuditCatchesReportRewrite
	for _, c := range []struct {
		delay int
		want  string
	}{{500, "it was held back or timed"}, {3000, "it was held back or timed"}} {
		t.Run(fmt.Sprintf("by %d ms", c.delay), func(t *testing.T) {
			t.Parallel()
			d := serveMeasuredDemo(t, func(files map[string]string) {
				files["hold.js"] = fmt.Sprintf(`(() => {
	const profiled = (localStorage.getItem("hearth:v1") || "").includes("hearthcanary"), f = window.fetch;
	window.fetch = function (url, init) {
		const args = arguments;
		if (!profiled || !String(url).endsWith("/hearth/report")) return f.apply(this, args);
		return new Promise(r => setTimeout(() => r(f.apply(window, args)), %d));
	};
})();`, c.delay)
				files["index.html"] = strings.Replace(files["index.html"], "<head>", `<head><script src="/hold.js"></script>`, 1)
			})
			rep, err := runAudit(t, "--measure-only", "--page-draws", "2", d.url+"/")
			var found []string
			for _, f := range rep.Findings {
				found = append(found, f.Run+" "+f.Check+": "+f.Detail)
			}
			if got := strings.Join(found, "\n"); err == nil || !strings.Contains(got, c.want) {
				t.Fatalf("the audit passed a report held back %d ms for a visitor with a profile: %v, findings:\n%s", c.delay, err, got)
			}
		})
	}
}
