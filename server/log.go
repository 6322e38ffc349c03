package server

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// AccessLog wraps h with a request log that never records who asked: no
// address, no headers, no query string (it may carry campaign or other
// identifiers) — only the method, path, status, bytes and duration.
func AccessLog(h http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == ReportPath { // no log line per report (PRIVACY.md): not even its time
			h.ServeHTTP(rw, r)
			return
		}
		start := time.Now()
		rec := &statusWriter{ResponseWriter: rw, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %s %q %d %d %s\n", start.UTC().Format(time.RFC3339), r.Method, r.URL.Path, rec.status, rec.bytes, time.Since(start).Round(time.Microsecond))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status, bytes int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}
