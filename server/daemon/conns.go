package daemon

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// defaultMaxConns bounds the connections hearthd holds at once (about 18 KB
// each while idle); lowered below the process's descriptor limit where
// that is known (see fdLimit), so that a flood of idle keep-alive
// connections can never use every descriptor.
const defaultMaxConns = 4096

// conns is a listener that holds at most max connections. A new client
// past the bound takes the place of the connection idle longest (a
// keep-alive connection no request is using: its client reconnects when it
// needs to); only when every connection is busy does Accept wait for one
// to end.
type conns struct {
	net.Listener
	max   int
	mu    sync.Mutex
	open  int
	idle  map[*conn]time.Time
	freed chan struct{}
}

func limitConns(l net.Listener, max int) *conns {
	return &conns{Listener: l, max: max, idle: map[*conn]time.Time{}, freed: make(chan struct{}, 1)}
}

// Accept waits for a free place, making one from an idle connection if it
// must, then accepts.
func (l *conns) Accept() (net.Conn, error) {
	for {
		l.mu.Lock()
		if l.open < l.max {
			l.open++
			l.mu.Unlock()
			break
		}
		var victim *conn
		var since time.Time
		for c, at := range l.idle {
			if victim == nil || at.Before(since) {
				victim, since = c, at
			}
		}
		if victim != nil {
			delete(l.idle, victim)
		}
		l.mu.Unlock()
		if victim != nil {
			victim.Close() // releases its place at once
			continue
		}
		<-l.freed // every connection busy: wait for one to end
	}
	c, err := l.Listener.Accept()
	if err != nil {
		l.release()
		return nil, err
	}
	return &conn{Conn: c, l: l}, nil
}

func (l *conns) release() {
	l.mu.Lock()
	l.open--
	l.mu.Unlock()
	select {
	case l.freed <- struct{}{}:
	default:
	}
}

// state is the http.Server's ConnState hook: it keeps which connections
// are idle, and since when.
func (l *conns) state(nc net.Conn, s http.ConnState) {
	c, ok := nc.(*conn)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if s == http.StateIdle {
		l.idle[c] = time.Now()
	} else {
		delete(l.idle, c)
	}
}

// conn gives its place back when it is closed, once.
type conn struct {
	net.Conn
	l    *conns
	once sync.Once
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.idle, c)
		c.l.mu.Unlock()
		c.l.release()
	})
	return err
}
