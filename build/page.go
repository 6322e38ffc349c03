package main

import (
	"errors"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"hearth/wasm/rules"
)

// pageFacts are the Hearth markup of one page: its slots and the variants
// its templates offer, by slot.
type pageFacts struct {
	slots    []string
	variants map[string][]string
}

// readPage fetches a page and reads its Hearth markup.
func readPage(url string) (*pageFacts, error) {
	client := &http.Client{Timeout: 15 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(url + ": HTTP " + resp.Status)
	}
	return parsePage(io.LimitReader(resp.Body, 16<<20))
}

// parsePage reads slots and variant templates from HTML.
func parsePage(r io.Reader) (*pageFacts, error) {
	pf := &pageFacts{variants: map[string][]string{}}
	z := html.NewTokenizer(r)
	for {
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return pf, nil
			}
			return nil, z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				switch {
				case a.Key == "data-hearth-slot":
					pf.slots = append(pf.slots, a.Val)
				case a.Key == "data-hearth-variant" && tok.Data == "template":
					if i := strings.LastIndex(a.Val, "/"); i > 0 {
						pf.variants[a.Val[:i]] = append(pf.variants[a.Val[:i]], a.Val[i+1:])
					}
				}
			}
		}
	}
}

// pageWarnings compares a config with a page: experiences whose variant has
// no template there, and slots no experience targets. They are warnings: a
// config serves many pages, and a page need not offer every variant.
func pageWarnings(cfg *rules.Config, pf *pageFacts) []string {
	var out []string
	onPage := map[string]bool{}
	for _, s := range pf.slots {
		onPage[s] = true
	}
	for i, x := range cfg.Experiences {
		if !onPage[x.Slot] {
			continue
		}
		found := false
		for _, v := range pf.variants[x.Slot] {
			found = found || v == x.Variant
		}
		if !found {
			out = append(out, "experiences["+strconv.Itoa(i)+"] ("+x.ID+"): the page has slot \""+x.Slot+
				"\" but no <template data-hearth-variant=\""+x.Slot+"/"+x.Variant+"\">: it will never show there")
		}
	}
	targeted := map[string]bool{}
	for _, x := range cfg.Experiences {
		targeted[x.Slot] = true
	}
	slots := append([]string(nil), pf.slots...)
	sort.Strings(slots)
	for _, s := range slots {
		if !targeted[s] {
			out = append(out, "slot \""+s+"\" on the page: no experience targets it")
		}
	}
	withTemplates := make([]string, 0, len(pf.variants))
	for slot := range pf.variants {
		withTemplates = append(withTemplates, slot)
	}
	sort.Strings(withTemplates)
	for _, slot := range withTemplates {
		if !onPage[slot] {
			out = append(out, "templates for slot \""+slot+"\" ("+strings.Join(pf.variants[slot], ", ")+") but the page has no [data-hearth-slot=\""+slot+"\"]")
		}
	}
	return out
}
