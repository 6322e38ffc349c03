package measure

// The device's own budget. What a visitor gives is bounded on the device,
// whatever the config it is served says: a site that moves its
// measurement's start, shortens its period or gives each visitor an id of
// their own still gets no more than these (PRIVACY.md, "ε").
const (
	// MinGapDays is the least time between two reports of one device: the
	// shortest period a config may have. A report whose turn comes sooner
	// is not made (its period is skipped on this device).
	MinGapDays = 7
	// MaxPerYear bounds the ε a device spends on reports in any 365 days,
	// summed over every report it sent (by basic composition). The
	// defaults (ε = 3, one experience, 28-day periods) spend 42.
	MaxPerYear = 64.0
	// YearMillis is the window MaxPerYear is counted over.
	YearMillis = 365 * 24 * 3600 * 1000
	// GapMillis is MinGapDays in milliseconds.
	GapMillis = MinGapDays * 24 * 3600 * 1000
)

// MayReport reports whether a device whose reports so far spent spent[i]
// ε at sentAt[i] (Unix ms, any order) may send one more that spends eps at
// now: none of its reports is less than MinGapDays old, and the ε of those
// in the last 365 days plus eps stays within MaxPerYear.
func MayReport(sentAt []int64, spent []float64, eps float64, now int64) bool {
	total := eps
	for i, at := range sentAt {
		if now-at < GapMillis {
			return false
		}
		if now-at < YearMillis {
			total += spent[i]
		}
	}
	return total <= MaxPerYear+1e-9
}
