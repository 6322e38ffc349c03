package daemon

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"
)

// serve runs h behind a listener bounded to max connections.
func serve(t *testing.T, max int, h http.Handler) string {
	t.Helper()
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := limitConns(tcp, max)
	srv := &http.Server{Handler: h, ConnState: ln.state}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return tcp.Addr().String()
}

// keepAlive opens a connection, makes one request on it and leaves it
// open and idle, as a browser's keep-alive connection is.
func keepAlive(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return c
}

func get(addr string) error {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Get("http://" + addr + "/")
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// Idle keep-alive connections at the bound: a new client takes the place of
// the one idle longest, and is answered (#24.18: new clients timed out once
// idle connections held every descriptor).
func TestConnsIdleGiveWay(t *testing.T) {
	addr := serve(t, 4, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	var held []net.Conn
	for range 4 {
		held = append(held, keepAlive(t, addr))
	}
	for i := range 3 {
		if err := get(addr); err != nil {
			t.Fatalf("client %d past the bound with every connection idle: %v", i+1, err)
		}
	}
	// The oldest idle connection was the one closed first.
	held[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := held[0].Read(make([]byte, 1)); err == nil {
		t.Errorf("the connection idle longest is still open")
	}
}

// Every connection busy: a new client waits for one to end, then is served.
func TestConnsBusyWait(t *testing.T) {
	release, started := make(chan struct{}), make(chan struct{}, 2)
	addr := serve(t, 2, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("slow") {
			started <- struct{}{}
			<-release
		}
		w.Write([]byte("ok"))
	}))
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	done := make(chan error, 3)
	for range 2 {
		go func() {
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			resp, err := client.Get("http://" + addr + "/?slow")
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
	}
	<-started
	<-started // both places are busy now
	go func() { done <- get(addr) }()
	select {
	case err := <-done:
		t.Fatalf("a request finished while both connections were busy: %v", err)
	case <-time.After(200 * time.Millisecond): // a bound on "not yet", not a wait for success
	}
	close(release)
	released = true
	for range 3 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
