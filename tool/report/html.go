package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
)

// HTML writes the summary as one self-contained page (no script, no
// request): the text, and a plot of each experience's lift with its 95%
// interval, side by side against zero.
func (s Summary) HTML(w io.Writer) error {
	var text strings.Builder
	s.Text(&text)
	return page.Execute(w, map[string]any{"ID": s.M.ID, "Text": text.String(), "Plot": template.HTML(s.plot())})
}

// plot is an SVG forest plot of the lifts, in goal-rate points.
func (s Summary) plot() string {
	const rowH, left, width, right = 44, 170, 420, 20
	lo, hi := -0.5, 0.5 // points, at least ±0.5
	var rows []Result
	for _, r := range s.Results {
		if r.Implausible != "" || math.IsNaN(r.Lift.Value) || math.IsInf(r.Lift.SE, 0) {
			continue
		}
		rows = append(rows, r)
		lo, hi = math.Min(lo, 100*r.Lift.Low()), math.Max(hi, 100*r.Lift.High())
	}
	pad := (hi - lo) * 0.08
	lo, hi = lo-pad, hi+pad
	x := func(v float64) float64 { return left + (100*v-lo)/(hi-lo)*width }
	height := rowH*len(rows) + 50
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="Lift of each experience with its 95%% interval">`,
		left+width+right, height, left+width+right, height)
	zero := x(0)
	fmt.Fprintf(&b, `<line x1="%.1f" y1="10" x2="%.1f" y2="%d" stroke="#888" stroke-dasharray="4 3"/>`, zero, zero, height-30)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="12" text-anchor="middle" fill="#555">0</text>`, zero, height-12)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#555">%.1f</text><text x="%d" y="%d" font-size="12" text-anchor="end" fill="#555">%+.1f points</text>`,
		left, height-12, lo, left+width, height-12, hi)
	if len(rows) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="30" font-size="14">No experience has enough reports for a figure yet.</text>`, left)
	}
	for i, r := range rows {
		y := 30 + i*rowH
		color := "#555"
		switch {
		case r.Lift.Low() > 0:
			color = "#15803d"
		case r.Lift.High() < 0:
			color = "#b91c1c"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="14" text-anchor="end">%s</text>`, left-10, y+5, template.HTMLEscapeString(r.Experience))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="3"/>`, x(r.Lift.Low()), y, x(r.Lift.High()), y, color)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="6" fill="%s"><title>%s: %+.2f points (%+.2f to %+.2f)</title></circle>`,
			x(r.Lift.Value), y, color, template.HTMLEscapeString(r.Experience), 100*r.Lift.Value, 100*r.Lift.Low(), 100*r.Lift.High())
	}
	b.WriteString(`</svg>`)
	return b.String()
}

var page = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hearth measurement {{.ID}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111}
pre{white-space:pre-wrap;font-size:13px;background:#f6f6f6;padding:1rem;border-radius:6px}svg{max-width:100%;height:auto}</style></head>
<body><h1>Measurement “{{.ID}}”</h1>
<h2>Lift of each experience (goal rate with it minus without it, 95% interval)</h2>
{{.Plot}}
<h2>Figures</h2>
<pre>{{.Text}}</pre>
</body></html>
`))
