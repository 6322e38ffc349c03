package panel

// text keys of the visitor-facing strings, and how the texts (strings.go,
// plurals.go) are indexed by them.
const (
	kTitle           = "title"
	kClose           = "close"
	kWhyHeading      = "whyHeading"
	kNoDecisions     = "noDecisions"
	kProfile         = "profile"
	kNoTopics        = "noTopics"
	kVisits          = "visits"
	kPages           = "pages"
	kFirstSeen       = "firstSeen"
	kTrust           = "trust"
	kClear           = "clear"
	kClearAsk        = "clearAsk"
	kClearYes        = "clearYes"
	kClearNo         = "clearNo"
	kPause           = "pause"
	kMeasureHeading  = "measureHeading"
	kMeasureBody     = "measureBody"
	kMeasureLast     = "measureLast"
	kMeasureNone     = "measureNone"
	kMeasureStop     = "measureStop"
	kMeasureAllow    = "measureAllow"
	kMeasureOff      = "measureOff"
	kMeasureNotNow   = "measureNotNow"
	kHeld            = "held"
	kTrustMeasured   = "trustMeasured"
	kConsentMeasured = "consentMeasured"
	kResume          = "resume"
	kPausedNote      = "pausedNote"
	kLastOn          = "lastOn"
	kDeclaredOn      = "declaredOn"
	kDeclaredOff     = "declaredOff"
	kBecause         = "because"
	kInterest        = "interest"
	kDeclared        = "declared"
	kShownIn         = "shownIn"
	kReset           = "reset"
	kRepaired        = "repaired"
	kMemory          = "memory"
	kWhy             = "why"
	kLauncher        = "launcher"
	kTop             = "top"
	kReturning       = "returning"
	kNewVisitor      = "newVisitor"
	kPath            = "path"
	kQuery           = "query"
	kTime            = "time"
	kWeekday         = "weekday"
	kLanguage        = "language"
	kViewport        = "viewport"
	kDebug           = "debug"
	kDays            = "days" // weekday names, comma-separated, Sunday first
	kPrefs           = "prefs"
	kPrefsHelp       = "prefsHelp"
	kPrefYes         = "prefYes"
	kPrefNo          = "prefNo"
	kRemove          = "remove"
	kRemoveLabel     = "removeLabel"
	kRemoved         = "removed"
	kRemovedHelp     = "removedHelp"
	kAllow           = "allow"
	kAllowLabel      = "allowLabel"
	kEvents          = "events"
	kEvView          = "evView"
	kEvClick         = "evClick"
	kEvDwell         = "evDwell"
	kEvPurchase      = "evPurchase"
	kEvTrack         = "evTrack"
	// where a page said what it was about (profile.Event.Src)
	kSrcTags     = "srcTags"
	kSrcSection  = "srcSection"
	kSrcJSONLD   = "srcJsonld"
	kSrcKeywords = "srcKeywords"
	kSrcPath     = "srcPath"
	kSrcWords    = "srcWords"
	kStorage     = "storage"
	kExport      = "export"
	kConsentQ    = "consentQ"
	kConsentBody = "consentBody"
	kConsentYes  = "consentYes"
	kConsentNo   = "consentNo"
	kGPC         = "gpc"
	kGPCYes      = "gpcYes"
	kDenied      = "denied"
	kChangeMind  = "changeMind"
	kBundle      = "bundle"
	kRequests    = "requests"
	kCounters    = "counters"
	kGranted     = "granted"
	kWithdraw    = "withdraw"
	kGoesWith    = "goesWith"
	kViewedThis  = "viewedThis"
	kSimilar     = "similar" // a "more like this" item: the reader's topic it shares
	kToday       = "today"
	kYesterday   = "yesterday"
	kDismiss     = "dismiss"
	kDismissName = "dismissName"
	kItems       = "items"
	// The item texts' variants for the site's kind of items (config
	// "items"): headings that name them, and "read" where the items are
	// articles, posts or pages (see itemKey).
	kItemsProducts  = "items.products"
	kItemsArticles  = "items.articles"
	kItemsPosts     = "items.posts"
	kItemsRecipes   = "items.recipes"
	kItemsPages     = "items.pages"
	kGoesWithRead   = "goesWith.read"
	kViewedThisRead = "viewedThis.read"
	kItemViewsRead  = "itemViews.read"
	kItemViews      = "itemViews"
	kBought         = "bought"
	kDismissed      = "dismissed"
	kReminded       = "reminded"
)

// kv is one text: its key and the text.
type kv struct{ k, v string }

// byLang indexes lists of texts by language and key.
func byLang(lists map[string][]kv) map[string]map[string]string {
	out := make(map[string]map[string]string, len(lists))
	for lang, list := range lists {
		m := make(map[string]string, len(list))
		for _, t := range list {
			m[t.k] = t.v
		}
		out[lang] = m
	}
	return out
}
