//go:build !unix

package daemon

// fdLimit is the process's limit on open descriptors (0: unknown).
func fdLimit() int { return 0 }
