package audit

import (
	"net/url"
	"strings"
	"testing"
)

// What the two runs' requests make of the audit, without a browser: a
// request in one run only, a different order from one script, a
// canary, another origin and a POST are findings; the same requests in
// another order from different initiators (the network's race), cached
// ones and data: URLs are not.
func TestCheckRequests(t *testing.T) {
	start, _ := url.Parse("http://127.0.0.1:8080/")
	req := func(step int, u, from string) Request {
		return Request{Step: step, Method: "GET", URL: "http://127.0.0.1:8080" + u, Type: "Image", Initiator: from}
	}
	rep := &Report{Journey: []Step{{Visit: "/"}, {Visit: "/a"}}, Canaries: []string{"c4n4ry"}, Requests: map[string][]Request{
		"fresh": {
			req(1, "/a.svg", "script hearth.js"), req(1, "/b.svg", "script hearth.js"), req(1, "/p.css", "parser"),
			req(2, "/x.svg", "script site.js"), req(2, "/y.svg", "script site.js"),
		},
		"seeded": {
			req(1, "/p.css", "parser"), req(1, "/a.svg", "script hearth.js"), req(1, "/b.svg", "script hearth.js"),
			{Step: 1, Method: "GET", URL: "data:image/png,", Initiator: "parser"}, {Step: 1, Method: "GET", URL: "http://127.0.0.1:8080/cached.svg", Cached: true},
			req(2, "/y.svg", "script site.js"), req(2, "/x.svg", "script site.js"), req(2, "/only.svg", "parser"),
			req(2, "/q?c4n4ry", "parser"), {Step: 2, Method: "POST", URL: "http://127.0.0.1:8080/q?c4n4ry", Initiator: "parser"},
			req(2, "/z.js", "parser"), {Step: 2, Method: "GET", URL: "https://other.example/t.gif", Initiator: "parser"},
		},
	}}
	var got []string
	for _, f := range checkRequests(rep, start) {
		got = append(got, f.Check+" "+f.Run+" "+f.Detail)
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{
		"canary seeded GET http://127.0.0.1:8080/q?c4n4ry", "method seeded POST", "foreign seeded GET https://other.example/t.gif",
		"differs seeded GET http://127.0.0.1:8080/only.svg only in the seeded run", "order  requests from script site.js in a different order",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("findings lack %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"hearth.js in a different order", "cached.svg", "data:image", "/p.css"} {
		if strings.Contains(text, not) {
			t.Errorf("findings mention %q:\n%s", not, text)
		}
	}
}

// A timing difference stands only when every re-measured pair shows it,
// the same way: one slow load of a busy machine is not a profile's doing.
func TestTimingConfirmed(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []float64
		want bool
	}{
		{"every pair, the same way", []float64{2100, 2300, 2050}, []float64{400, 380, 420}, true},
		{"one busy load", []float64{2100, 420, 390}, []float64{400, 380, 420}, false},
		{"differences both ways", []float64{2100, 300, 2050}, []float64{400, 1500, 420}, false},
		{"asked for by one visitor only", []float64{400, 380, 420}, nil, true},
		{"a load that missed it", []float64{55, 59}, []float64{48, 117, 108}, false},
		{"missed both ways", []float64{55, 59}, []float64{48}, false},
		{"within the slack", []float64{700, 720, 690}, []float64{400, 380, 420}, false},
	} {
		if got := confirmed(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: confirmed = %v, want %v", tc.name, got, tc.want)
		}
	}
}
