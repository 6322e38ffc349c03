module hearth

go 1.26

require (
	github.com/andybalholm/brotli v1.2.8
	github.com/chromedp/cdproto v0.0.0-20250724212937-08a3db8b4327
	github.com/chromedp/chromedp v0.14.2
	honnef.co/go/js/dom/v2 v2.0.0-20250304181735-b5e52f05e89d
)
