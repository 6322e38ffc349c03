package counts

import (
	"os"
	"path/filepath"
)

// DefaultFile is where `hearth serve -measure` keeps the counts, and
// `hearth report` reads them, when -counts is not given: the user's state
// directory ($XDG_STATE_HOME, else ~/.local/state), hearth/counts.sqlite.
// Never the working directory: an owner runs `hearth serve` in the site's
// folder, which is served.
func DefaultFile() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "hearth-counts.sqlite"
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "hearth", "counts.sqlite")
}
