package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"
)

// A site owner installs the tool with `go install PATH/cmd/hearth@VERSION`
// (#23.12): published here as this commit, from a module proxy on disk, into
// a clean GOPATH (its other modules from the usual proxy). The binary has
// every command, and its bundle, which it builds once from its own
// module source, is written and verified.
func TestGoInstallFromAModuleProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("installs the module: not in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const path, version = "github.com/hearth-personalization/hearth", "v0.0.0-20261206000000-000000000000"
	proxy := t.TempDir()
	dir := filepath.Join(proxy, path, "@v")
	os.MkdirAll(dir, 0o755)
	f, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	// The committed files of this commit, as the proxy would publish them.
	if err := zip.CreateFromVCS(f, module.Version{Path: path, Version: version}, root, "HEAD", ""); err != nil {
		t.Fatalf("zipping the module: %v", err)
	}
	f.Close()
	mod, _ := os.ReadFile(filepath.Join(root, "go.mod"))
	os.WriteFile(filepath.Join(dir, version+".mod"), mod, 0o644)
	os.WriteFile(filepath.Join(dir, version+".info"), []byte(`{"Version":"`+version+`","Time":"2026-12-06T00:00:00Z"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "list"), []byte(version+"\n"), 0o644)

	gopath, cache, home := t.TempDir(), t.TempDir(), t.TempDir()
	upstream, _ := exec.Command(goCmd, "env", "GOPROXY").Output()
	env := append(os.Environ(), "GOPATH="+gopath, "GOMODCACHE=", "GOFLAGS=-modcacherw", "XDG_CACHE_HOME="+cache, "HOME="+home,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(upstream)), "GONOSUMDB="+path, "GOTOOLCHAIN=local")
	if gocache, err := exec.Command(goCmd, "env", "GOCACHE").Output(); err == nil {
		env = append(env, "GOCACHE="+strings.TrimSpace(string(gocache))) // the build cache may be shared: GOPATH is what must be clean
	}
	install := exec.Command(goCmd, "install", path+"/cmd/hearth@"+version)
	install.Env = env
	install.Dir = t.TempDir()
	start := time.Now()
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	t.Logf("go install took %v", time.Since(start).Round(time.Second))
	bin := filepath.Join(gopath, "bin", "hearth")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		cmd.Dir = t.TempDir()
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("hearth %s: %v\n%s", strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	help := run("-h")
	for _, c := range []string{"check", "audit", "bundle", "serve", "verify"} {
		if !strings.Contains(help, "hearth "+c) {
			t.Errorf("the installed hearth lacks %s:\n%s", c, help)
		}
	}
	out := filepath.Join(t.TempDir(), "hearth")
	if got := run("bundle", "-out", out); !strings.Contains(got, "<script src=\"/hearth/hearth.js\"") {
		t.Errorf("hearth bundle from an installed binary:\n%s", got)
	}
	if got := run("verify", "-dist", out); !strings.Contains(got, "files are this binary's bundle") {
		t.Errorf("hearth verify of the written bundle:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		t.Errorf("the written bundle has no manifest: %v", err)
	}
}
