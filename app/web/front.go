package web

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// securityHeaders go on every answer outside the API: pages, files,
// redirects and their errors.
var securityHeaders = [][2]string{
	{echo.HeaderXXSSProtection, "0"},
	{echo.HeaderXContentTypeOptions, "nosniff"},
	{echo.HeaderXFrameOptions, "DENY"},
	{echo.HeaderContentSecurityPolicy, "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{echo.HeaderReferrerPolicy, "strict-origin-when-cross-origin"},
}

// apiSecurityHeaders go on every answer under /api/ (all JSON: the CSV
// exports are pages' routes, with all five), errors included: OWASP's
// REST Security Cheat Sheet's set for answers that are never a page.
// nosniff keeps a browser from reading one as HTML, and framing is
// refused both ways. The page-only headers are left off (a policy for
// scripts, styles and forms, a referrer policy, the old XSS filter's
// switch): nothing in a JSON answer loads, links or runs, and they were
// 206 of a vote answer's 493 bytes, read and parsed by every app for every
// answer (BENCHMARKS.md, "The vote's answer: its headers").
var apiSecurityHeaders = [][2]string{
	{echo.HeaderXContentTypeOptions, "nosniff"},
	{echo.HeaderXFrameOptions, "DENY"},
	{echo.HeaderContentSecurityPolicy, "frame-ancestors 'none'"},
}

// hsts is the Strict-Transport-Security answer of a site behind TLS
// (Secure cookies): browsers never try plain HTTP again, for a year. Not
// includeSubDomains: other hosts under this name are not ours to decide.
const hsts = "max-age=31536000"

// front is what every request passes through first: its request id, the
// security headers, the redirect of a path ending in a slash, a panic
// turned into a 500, the metrics and the log line. One middleware instead
// of the seven it replaces (echo's request id, recover, secure headers and
// trailing slash, our log, metrics and HSTS): echo builds its
// global chain anew for every request, a closure per middleware, and each
// header Set is an allocation of its own; here the headers share one.
func (s *Server) front(next echo.HandlerFunc) echo.HandlerFunc {
	hstsOn := s.cfg.SecureCookies
	proxies := proxyPrefixes(s.cfg.TrustedProxies)
	return func(c echo.Context) error {
		start := time.Now()
		req, res := c.Request(), c.Response()
		var rid string
		if len(proxies) > 0 && fromProxy(proxies, req.RemoteAddr) {
			rid = requestID(req.Header.Get(echo.HeaderXRequestID))
		} else {
			rid = requestID("")
		}
		set := securityHeaders
		if strings.HasPrefix(req.URL.Path, "/api/") {
			set = apiSecurityHeaders
		}
		n := len(set) + 1
		if hstsOn {
			n++
		}
		vals := make([]string, 0, n)
		h := res.Header()
		for _, kv := range set {
			vals = append(vals, kv[1])
			h[kv[0]] = vals[len(vals)-1 : len(vals) : len(vals)] // cap 1: an Add copies, never writes over the next
		}
		if hstsOn {
			vals = append(vals, hsts)
			h[echo.HeaderStrictTransportSecurity] = vals[len(vals)-1 : len(vals) : len(vals)]
		}
		vals = append(vals, rid)
		h[echo.HeaderXRequestID] = vals[len(vals)-1 : len(vals) : len(vals)]

		var err error
		if p := req.URL.Path; len(p) > 1 && p[len(p)-1] == '/' {
			if err = s.slash(c); err == errNoSlash {
				err = s.recovering(next, c)
			}
		} else {
			err = s.recovering(next, c)
		}
		if err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		s.metrics.record(req.Method, c.Path(), res.Status, took)
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		ip := c.RealIP()
		if level == slog.LevelInfo && s.cfg.RequestLog != nil && s.writeRequestLine(req, rid, res.Status, res.Size, took, ip) {
			return nil
		}
		s.log.LogAttrs(req.Context(), level, "request",
			slog.String("id", rid),
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.Int("status", res.Status),
			slog.Int64("bytes", res.Size),
			slog.Duration("took", took),
			slog.String("ip", ip),
		)
		return nil
	}
}

// lineBuffers are the request lines' buffers.
var lineBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// writeRequestLine writes an Info request line straight to
// Config.RequestLog, the bytes the Logger's slog.TextHandler would write
// for it (a third of the CPU: no Record, no attribute walk, no quoting
// scan per rune). It declines (false) when the Logger would not write Info
// lines, or when a value would need quoting: the Logger writes that line.
func (s *Server) writeRequestLine(req *http.Request, rid string, status int, size int64, took time.Duration, ip string) bool {
	if !s.log.Enabled(req.Context(), slog.LevelInfo) {
		return true // nothing to write
	}
	bp := lineBuffers.Get().(*[]byte)
	defer lineBuffers.Put(bp)
	b, ok := appendRequestLine((*bp)[:0], time.Now(), rid, req.Method, req.URL.Path, status, size, took, ip)
	*bp = b
	if !ok {
		return false
	}
	_, _ = s.cfg.RequestLog.Write(b) // as slog's handlers, a log that fails to write stops nothing
	return true
}

// appendRequestLine appends a request's log line as slog.TextHandler
// writes it (time in RFC 3339 with milliseconds, level, msg, then the
// attributes), or reports false when one of the strings holds a byte
// TextHandler might quote: a space, '=', '"', a control byte or anything
// outside printable ASCII. A duration's text never needs quoting.
func appendRequestLine(b []byte, t time.Time, rid, method, path string, status int, size int64, took time.Duration, ip string) ([]byte, bool) {
	for _, v := range [...]string{rid, method, path, ip} {
		if !plainLogText(v) {
			return b, false
		}
	}
	b = append(b, "time="...)
	// slog's appendRFC3339Millis: RFC3339Nano trims trailing zeros, so a
	// tenth of a millisecond is added and the fourth digit dropped.
	n := len(b)
	b = t.Truncate(time.Millisecond).Add(time.Millisecond/10).AppendFormat(b, time.RFC3339Nano)
	const prefixLen = len("2006-01-02T15:04:05.000")
	b = append(b[:n+prefixLen], b[n+prefixLen+1:]...)
	b = append(b, " level=INFO msg=request id="...)
	b = append(b, rid...)
	b = append(b, " method="...)
	b = append(b, method...)
	b = append(b, " path="...)
	b = append(b, path...)
	b = strconv.AppendInt(append(b, " status="...), int64(status), 10)
	b = strconv.AppendInt(append(b, " bytes="...), size, 10)
	b = append(append(b, " took="...), took.String()...)
	b = append(b, " ip="...)
	b = append(b, ip...)
	return append(b, '\n'), true
}

// plainLogText reports whether TextHandler writes v as it is: not empty,
// and only printable ASCII other than space, '=' and '"'.
func plainLogText(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || c > '~' || c == '=' || c == '"' {
			return false
		}
	}
	return true
}

// errNoSlash is what the trailing-slash redirect's next answers: the path
// needed no redirect after all.
var errNoSlash = errors.New("no trailing slash")

// recovering runs next, turning a panic into a 500 whose stack goes to the
// log. http.ErrAbortHandler is net/http's way to drop a connection: it
// passes.
func (s *Server) recovering(next echo.HandlerFunc, c echo.Context) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if r == http.ErrAbortHandler {
			panic(r)
		}
		stack := make([]byte, 4<<10)
		stack = stack[:runtime.Stack(stack, false)]
		s.log.Error("panic", "path", c.Request().URL.Path, "panic", fmt.Sprint(r), "stack", string(stack))
		if e, ok := r.(error); ok {
			err = e
		} else {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return next(c)
}

// maxRequestIDLen bounds a request id a trusted proxy sends (to follow
// one request through both logs): a longer one, or one with anything but
// visible ASCII, is replaced by ours rather than logged.
const maxRequestIDLen = 128

// proxyPrefixes are the trusted proxies (-trusted-proxies, the list the
// client's address is read by: ipExtractor) as netip prefixes, so that a
// request's peer is checked without allocating.
func proxyPrefixes(nets []*net.IPNet) []netip.Prefix {
	var out []netip.Prefix
	for _, n := range nets {
		a, ok := netip.AddrFromSlice(n.IP)
		ones, bits := n.Mask.Size()
		if !ok || bits == 0 {
			continue // not a network: it trusts nobody
		}
		if a.Is4In6() && bits == 128 {
			if ones < 96 {
				continue // wider than IPv4-mapped space: no such proxy list is written
			}
			ones -= 96
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), ones).Masked())
	}
	return out
}

// fromProxy reports whether a request's peer (its RemoteAddr) is one of
// the trusted proxies: only then is the request id it sends believed. A
// client that reaches the server directly could otherwise pick the id its
// requests are logged under, and pass its lines off as another's.
func fromProxy(proxies []netip.Prefix, remoteAddr string) bool {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return false
	}
	a := ap.Addr().Unmap()
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// requestID is the id a trusted proxy sent, if it is a sane one, else a new
// one: 32 hex digits from the runtime's per-thread ChaCha8 generator
// (math/rand/v2), as unguessable as echo's crypto/rand id was, with no
// lock and one allocation; not a counter, which would tell any client how
// many requests the server answers between two of its own.
func requestID(sent string) string {
	if sent != "" && len(sent) <= maxRequestIDLen {
		ok := true
		for i := 0; i < len(sent); i++ {
			if b := sent[i]; b <= ' ' || b > '~' {
				ok = false
				break
			}
		}
		if ok {
			return sent
		}
	}
	const hex = "0123456789abcdef"
	var b [32]byte
	for i := 0; i < 32; i += 16 {
		x := rand.Uint64()
		for j := range 16 {
			b[i+j] = hex[x&15]
			x >>= 4
		}
	}
	return string(b[:])
}
