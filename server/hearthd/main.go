// Command hearthd serves a Hearth bundle and a site on one machine.
//
//	hearthd [-addr 127.0.0.1:8080] [-dist DIR] [-site DIR] [-csp POLICY | -csp-file FILE] [-log]
//
// Built by `make hearthd`, the binary embeds the bundle and the demo shop;
// -dist and -site serve directories instead. Pages get the recommended
// Content-Security-Policy unless -csp or -csp-file sets the site's own (or
// "none"); a policy that would stop Hearth is reported at start. It keeps no access log unless
// -log is given, and that log never holds the visitor's IP address.
package main

import (
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/hearth-personalization/hearth/server/daemon"
)

//go:embed all:embedded
var embedded embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hearthd:", err)
		os.Exit(1)
	}
}

// run serves the embedded bundle and demo, or the directories given.
func run(ctx context.Context, args []string, log io.Writer) error {
	var built daemon.Built
	built.Dist, _ = fs.Sub(embedded, "embedded/dist")
	built.Site, _ = fs.Sub(embedded, "embedded/site")
	return daemon.Run(ctx, "hearthd", args, log, built)
}
