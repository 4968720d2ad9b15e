package vertextest

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// One listener serves both transports, told apart per connection by its
// first bytes: a connection that opens with the HTTP/2 preface is gRPC
// (plaintext gRPC clients speak HTTP/2 with prior knowledge, h2c) and
// goes to the gRPC server's own transport, exactly as before REST was
// served; any other is HTTP/1.1 and goes to the REST handler. So the one
// address that `vxjob emulator` prints stays valid for both.
//
// Telling them apart per request instead (h2c for everything, gRPC by its
// content-type) would put gRPC on grpc.Server.ServeHTTP, an experimental
// transport that lacks parts of the real one; REST clients speak HTTP/1.1.

// http2Preface is what every HTTP/2 connection begins with (RFC 9113 §3.4).
const http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// sniffTimeout bounds how long a new connection may take to send its
// first bytes. It is network time, not the server's clock.
const sniffTimeout = 30 * time.Second

type serving struct {
	lis        net.Listener
	grpc, rest *connListener
	http       *http.Server
}

// Serve serves gRPC and REST (HTTP/1.1 with JSON) on lis until Close. It
// returns nil after Close.
func (s *Server) Serve(lis net.Listener) error {
	sv := &serving{lis: lis, grpc: newConnListener(lis.Addr()), rest: newConnListener(lis.Addr())}
	sv.http = &http.Server{
		// A raw ';' splits the query as it did before Go 1.17, rather than
		// making net/http log a warning for every $alt=json;enum-encoding=int.
		Handler:           http.AllowQuerySemicolons(s.rest),
		ReadHeaderTimeout: sniffTimeout,
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		lis.Close()
		return nil
	}
	s.serving = append(s.serving, sv)
	s.mu.Unlock()

	go s.grpc.Serve(sv.grpc)
	go sv.http.Serve(sv.rest)
	for {
		c, err := lis.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return nil
			}
			sv.close()
			return err
		}
		go sv.route(c)
	}
}

// route reads as much of the HTTP/2 preface as the connection's first
// bytes match, and hands the connection, those bytes put back, to gRPC or
// to REST.
func (sv *serving) route(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(sniffTimeout))
	buf := make([]byte, len(http2Preface))
	n := 0
	h2 := true
	for n < len(buf) && h2 {
		m, err := c.Read(buf[n:])
		h2 = string(buf[n:n+m]) == http2Preface[n:n+m]
		n += m
		if err != nil && h2 {
			c.Close()
			return
		}
	}
	c.SetReadDeadline(time.Time{})
	pc := &replayConn{Conn: c, r: io.MultiReader(bytes.NewReader(buf[:n]), c)}
	if h2 {
		sv.grpc.deliver(pc)
	} else {
		sv.rest.deliver(pc)
	}
}

func (sv *serving) close() {
	sv.lis.Close()
	sv.http.Close()
	sv.grpc.Close()
	sv.rest.Close()
}

// replayConn reads the bytes the sniffing took first.
type replayConn struct {
	net.Conn
	r io.Reader
}

func (c *replayConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// connListener is a net.Listener whose connections are handed to it.
type connListener struct {
	addr net.Addr
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func newConnListener(addr net.Addr) *connListener {
	return &connListener{addr: addr, ch: make(chan net.Conn), done: make(chan struct{})}
}

func (l *connListener) deliver(c net.Conn) {
	select {
	case l.ch <- c:
	case <-l.done:
		c.Close()
	}
}

func (l *connListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *connListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *connListener) Addr() net.Addr { return l.addr }
