package edge

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// The servers that the bench and the request tests start as their own
// processes, each on a free loopback port, and how to stop them.

// StartHearthd builds hearthd and runs it on dist and the site directory as
// its own process, as it is deployed (not inside the bench, whose browsers
// and heap it would share).
func StartHearthd(root, dist, site, tmp string) (string, func(), error) {
	bin := filepath.Join(tmp, "hearthd")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "./server/hearthd")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("building hearthd: %w\n%s", err, b)
	}
	port, err := FreePort()
	if err != nil {
		return "", nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "-addr", addr, "-dist", dist, "-site", site, "-csp", "recommended")
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }
	base := "http://" + addr
	for i := 0; i < 100; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			return base, stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return "", nil, errors.New("hearthd did not start")
}

// StartWrangler serves the deployment in dir with `wrangler dev` (workerd,
// offline) on a free loopback port and returns its base URL once /healthz
// answers, and how to stop it.
func StartWrangler(root, dir string) (string, func(), error) {
	bin := filepath.Join(root, wranglerBin)
	if _, err := os.Stat(bin); err != nil {
		return "", nil, fmt.Errorf("wrangler is missing (%v): run `make deps`", err)
	}
	port, err := FreePort()
	if err != nil {
		return "", nil, err
	}
	inspector, err := FreePort()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "dev", "--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--inspector-port", fmt.Sprint(inspector), "--log-level", "warn",
		"--persist-to", filepath.Join(dir, ".wrangler"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), wranglerEnv(dir)...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // workerd is a child: stop the group
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.After(90 * time.Second)
	for {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, stop, nil
			}
		}
		select {
		case <-exited:
			return "", nil, fmt.Errorf("wrangler dev exited:\n%s", logs.String())
		case <-deadline:
			stop()
			return "", nil, fmt.Errorf("wrangler dev did not answer on %s:\n%s", base, logs.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// wranglerEnv keeps wrangler offline and to itself: no metrics, no update
// check, no download of the Request.cf object, its files under dir.
func wranglerEnv(dir string) []string {
	return []string{
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_HIDE_BANNER=true",
		"CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_LOG_PATH=" + filepath.Join(dir, ".wrangler", "logs"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, ".config"),
	}
}

// FreePort asks the kernel for an unused loopback port.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
