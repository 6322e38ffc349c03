package session

// The contract between the page side (web/page/*.js) and the module, named
// once here: the kinds of message the page side posts, and the keys of the
// update each answer carries (update.go writes them, apply.js and the rest
// read them; the worker's glue adds "fatal"). TestPageSideContract holds
// the JavaScript to these names, so that renaming one on either side fails
// a native test.

// The message kinds (a message's "t").
const (
	MsgBoot          = "boot"           // the page's facts, the config and what is stored: the first answer
	MsgNavigate      = "navigate"       // a new page is in (a router swapped it): count it, decide anew
	MsgAdded         = "added"          // slots or templates appeared: decide anew, count nothing
	MsgClick         = "click"          // a click on a topic-bearing element
	MsgDwell         = "dwell"          // the page stayed visible long enough
	MsgDeclare       = "declare"        // a declared preference (a checkbox, hearth.declare, the panel)
	MsgTrack         = "track"          // hearth.track
	MsgGoal          = "goal"           // hearth.goal
	MsgPause         = "pause"          // hearth.pause
	MsgResume        = "resume"         // hearth.resume
	MsgTogglePause   = "toggle-pause"   // the panel's pause switch
	MsgToggleMeasure = "toggle-measure" // the panel's "Stop measuring"
	MsgClear         = "clear"          // erase everything
	MsgConsent       = "consent"        // the visitor's yes or no
	MsgBlock         = "block"          // remove a topic (never inferred again)
	MsgUnblock       = "unblock"        // undo that
	MsgDismiss       = "dismiss"        // "×" on a recommended item
	MsgOpen          = "open"           // the panel opens: answers carry its view from now on
	MsgClose         = "close"          // the panel closes
	MsgIdle          = "idle"           // nothing: its answer says every earlier message was handled
	MsgStorage       = "storage"        // another tab wrote hearth:v1
	MsgStorageFailed = "storage-failed" // the page side could not write what it was given
	MsgCatalog       = "catalog"        // the site's catalog, as the worker's glue fetched it: its answer answers no call
)

// Messages lists every message kind.
var Messages = []string{MsgBoot, MsgNavigate, MsgAdded, MsgClick, MsgDwell, MsgDeclare, MsgTrack, MsgGoal, MsgPause, MsgResume,
	MsgTogglePause, MsgToggleMeasure, MsgClear, MsgConsent, MsgBlock, MsgUnblock, MsgDismiss, MsgOpen, MsgClose, MsgIdle, MsgStorage, MsgStorageFailed, MsgCatalog}

// UpdateKeys are the keys an answer may carry (see update's comment for
// what each means); "fatal" comes from the worker's glue (wasm/main.go).
var UpdateKeys = []string{"slots", "recs", "why", "recording", "launcher", "declared", "profile", "decisions", "write", "remove",
	"view", "dwell", "sensitive", "parseMs", "darkMode", "cfg", "report", "log", "catalog", "fatal"}
