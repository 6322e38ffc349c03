package daemon

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearth-personalization/hearth/measure"
	"github.com/hearth-personalization/hearth/server"
)

// Behind a reverse proxy (#33.8): with -trust-proxy, the reports are
// bounded per client the proxy names, not per proxy; without it, the
// proxy's address is every visitor's and the 65th report of the hour is
// refused.
func TestTrustProxyBoundsPerClient(t *testing.T) {
	for _, trust := range []bool{false, true} {
		site := t.TempDir()
		cfg := measuredConfig(t, site)
		args := []string{"-dist", emptyDist(t), "-site", site, "-measure", cfg, "-counts", filepath.Join(t.TempDir(), "c.sqlite")}
		if trust {
			args = append(args, "-trust-proxy", "127.0.0.1/32,::1")
		}
		u := serving(t, args...)
		refused := 0
		size := measure.Size("w", []string{"hero"})
		for i := range 70 {
			r := measure.Report{Measurement: "w", Period: 3, Nonce: measure.Nonce([16]byte{byte(i), 7}),
				Entries: []measure.Entry{{Experience: "hero", Arm: measure.Shown, Cell: measure.Goal}}}
			req, _ := http.NewRequest("POST", u+server.ReportPath, strings.NewReader(string(r.Encode(size))))
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode == http.StatusTooManyRequests {
				refused++
			} else if res.StatusCode != http.StatusNoContent {
				t.Fatalf("report %d: %d", i, res.StatusCode)
			}
		}
		if want := map[bool]int{false: 6, true: 0}[trust]; refused != want {
			t.Errorf("-trust-proxy %v: %d of 70 reports from 70 clients refused, want %d", trust, refused, want)
		}
	}
}

// -tls-cert and -tls-key serve HTTPS, with HTTP/2 (#33.8).
func TestTLSAndHTTP2(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSigned(t, dir)
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html><title>ok</title>"), 0o644)
	u := serving(t, "-dist", emptyDist(t), "-site", site, "-tls-cert", certFile, "-tls-key", keyFile)
	if !strings.HasPrefix(u, "https://") {
		t.Fatalf("serving on %s, want https", u)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	res, err := client.Get(u + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.ProtoMajor != 2 {
		t.Errorf("GET / over TLS: %d %s, want 200 over HTTP/2", res.StatusCode, res.Proto)
	}
	if err := Run(t.Context(), "t", []string{"-addr", "127.0.0.1:0", "-dist", emptyDist(t), "-site", site, "-tls-cert", certFile}, new(strings.Builder), Built{}); err == nil || !strings.Contains(err.Error(), "go together") {
		t.Errorf("-tls-cert alone: %v", err)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// a pool that trusts it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// A counts file broken while the server runs (#33.13): every report got a
// 503 with nothing logged, and /healthz said ok. Now the owner reads why in
// the log, and /healthz answers 503 while it lasts.
func TestBrokenCountsSaid(t *testing.T) {
	site := t.TempDir()
	cfg := measuredConfig(t, site)
	file := filepath.Join(t.TempDir(), "c.sqlite")
	u, log := servingLog(t, "-dist", emptyDist(t), "-site", site, "-measure", cfg, "-counts", file)
	if code, _ := fetchPage(t, u+"/healthz"); code != 200 {
		t.Fatalf("/healthz with good counts: %d", code)
	}
	for _, f := range []string{file, file + "-wal", file + "-shm"} {
		os.WriteFile(f, []byte(strings.Repeat("not a database ", 512)), 0o644)
	}
	size := measure.Size("w", []string{"hero"})
	r := measure.Report{Measurement: "w", Period: 3, Nonce: measure.Nonce([16]byte{9}), Entries: []measure.Entry{{Experience: "hero", Arm: measure.Shown, Cell: measure.Goal}}}
	res, err := http.Post(u+server.ReportPath, "text/plain", strings.NewReader(string(r.Encode(size))))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a report with the counts broken: %d, want 503", res.StatusCode)
	}
	if !strings.Contains(log.String(), "could not be counted") {
		t.Errorf("the log says nothing of it:\n%s", log.String())
	}
	if code, body := fetchPage(t, u+"/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "counts") {
		t.Errorf("/healthz with the counts broken: %d %q, want 503 naming the counts", code, body)
	}
}
