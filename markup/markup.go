// Package markup names Hearth's page markup contract: every data-hearth-*
// attribute a site writes and every one Hearth sets. check reads pages with
// these names; the loader and the page side (JavaScript, which cannot import
// them) and the owner's guide (docs/GUIDE.md) are held to the same list by this package's test.
package markup

// Attributes a site writes (docs/GUIDE.md, "One script tag").
const (
	Slot         = "data-hearth-slot"          // a personalizable slot: its name
	Label        = "data-hearth-label"         // a slot's name for visitors, in the panel
	Variant      = "data-hearth-variant"       // on a <template>: "slot/variant"
	Topics       = "data-hearth-topics"        // what an element (a link) is about
	Declare      = "data-hearth-declare"       // a checkbox: a preference the visitor declares
	Recommend    = "data-hearth-recommend"     // a recommendation slot: "complements", "recent" or "similar"
	Count        = "data-hearth-count"         // how many items a recommendation slot shows
	IncludeRead  = "data-hearth-include-read"  // a "similar" slot may offer items read already, after the unread
	ItemTemplate = "data-hearth-item-template" // on a <template>: a candidate item
	Item         = "data-hearth-item"          // an item's SKU (on its template and what it shows)
	Name         = "data-hearth-name"          // an item's name, for the panel
	Purchased    = "data-hearth-purchased"     // an item bought on this page
	Reserve      = "data-hearth-reserve"       // a slot whose "Why?" line the site's CSS keeps from the first paint
	Card         = "data-hearth-card"          // on a <template>: how a recommendation slot shows an item of the site's catalog
	Field        = "data-hearth-field"         // in a card: "url" (its href is set), "title" or "summary" (its text is set)
)

// Attributes Hearth sets on the page.
const (
	Applied  = "data-hearth-applied"  // the variant (or items) a slot shows
	Pending  = "data-hearth-pending"  // a slot hidden while its decision is pending
	Replayed = "data-hearth-replayed" // shown by the loader's replay, not yet confirmed
	Why      = "data-hearth-why"      // a "Why?" button: the slot (or item:SKU) it explains
	Dismiss  = "data-hearth-dismiss"  // a "×" button: the SKU it dismisses
	Own      = "data-hearth-own"      // the launcher Hearth added (not the site's own)
	Scheme   = "data-hearth-scheme"   // on the root: the page is "dark" or "light" (its darkMode, its color-scheme)
	Away     = "data-hearth-away"     // on Hearth's launcher: hidden while the site has a layer open at its corner
)

// SiteAttributes are the attributes a site writes.
var SiteAttributes = []string{Slot, Label, Variant, Topics, Declare, Recommend, Count, IncludeRead, ItemTemplate, Item, Name, Purchased, Reserve, Card, Field}

// HearthAttributes are the attributes Hearth sets.
var HearthAttributes = []string{Applied, Pending, Replayed, Why, Dismiss, Own, Scheme, Away}
