// Package web is cocreate's HTTP face: the server-rendered pages and the JSON
// API under /api/v1, both on echo. Handlers translate HTTP into calls to the
// service package and back; no business rule lives here. routes.go is the map
// of the site and its permission table.
package web

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"cocreate/app/demo"
	"cocreate/app/markdown"
	"cocreate/app/service"

	"github.com/gorilla/sessions"
	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Config is what the server needs from the outside.
type Config struct {
	// Templates and Static hold templates/ and static/ (embedded by main).
	Templates fs.FS
	Static    fs.FS
	// DataDir keeps the session keys; UploadDir the stored images.
	DataDir   string
	UploadDir string
	// RateLimits turns the per-address and per-account limits on.
	RateLimits bool
	// SecureCookies marks cookies Secure, for a server behind TLS.
	SecureCookies bool
	// Location is the time zone in which times are shown and form times read.
	Location *time.Location
	// BaseURL is the site's public address (-base-url), for absolute links
	// in feeds, share cards and canonical links. Empty: the request's own
	// scheme and host (tests; main always sets it).
	BaseURL string
	// Lang is the installation's default language (-lang): the pages'
	// language for a visitor whose browser names neither, and the email
	// language of an account that recorded none. "" is English.
	Lang string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (-trusted-proxies); with none, the peer is the client.
	TrustedProxies []*net.IPNet
	// Demo, when set, loads the demo challenges (the setup page's box) and
	// returns the sample accounts it made, with their one-time passwords.
	Demo   func(adminID int64) ([]demo.Account, error)
	Logger *slog.Logger
	// RequestLog, when set, is where Logger's slog.TextHandler writes:
	// the Info line of each request is then written to it directly, the
	// same bytes for a third of the CPU (front.go, writeRequestLine).
	RequestLog io.Writer
	// MailFailures, when set, counts the email worker's failed sends since
	// start, those to retry and those given up (mail.Worker.Failures),
	// for /metrics.
	MailFailures func() (retried, gaveUp uint64)
}

// gzipMinLength is the smallest answer worth compressing.
const gzipMinLength = 1024

// Server serves pages and API.
type Server struct {
	cfg      Config
	svc      *service.Service
	echo     *echo.Echo
	sessions *sessions.CookieStore
	// setupCode is asked of a setup from another machine (setupcode.go).
	setupCode string
	views     *views
	// md renders user-written markdown for pages, feeds and the API,
	// with this server's own bounded cache of recent renderings.
	md       *markdown.Renderer
	log      *slog.Logger
	metrics  *metrics
	lists    *pageCache    // idea-list pages, see pageCache and listcache.go
	texts    *textCache    // ideas' encoded texts for those pages
	searches *pageCache    // search answers, per index version (apiSearch)
	roadmap  *roadmapItems // the roadmap page's items (roadmapcache.go)
	// slash answers a path ending in a slash with its redirect (front).
	slash echo.HandlerFunc
	// gzipSlots are the answers being compressed (compressing).
	gzipSlots chan struct{}
	// guesses limits password checks that are not a route of their own
	// (a password change in PATCH /api/v1/me) like sign-ins; nil when rate
	// limits are off.
	guesses echo.MiddlewareFunc
	// pageAccess is the route table's Access of each GET path (routes),
	// which the menu asks (page.reaches).
	pageAccess map[string]Access
	// places are the page patterns and the forms' own addresses
	// (routes), which nearestPage walks.
	places places
}

// New builds the server: it parses every template now, so a broken view
// fails at start, not at the first request.
func New(cfg Config, svc *service.Service) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	store, key, err := cookieStore(cfg.DataDir, cfg.SecureCookies)
	if err != nil {
		return nil, err
	}
	md := markdown.NewRenderer(markdown.DefaultCacheBytes)
	v, err := loadViews(cfg.Templates, cfg.Static, cfg.Location, md)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{cfg: cfg, svc: svc, sessions: store, setupCode: setupCodeFrom(key), views: v, md: md, log: cfg.Logger, metrics: newMetrics(), lists: newPageCache(pageCacheBytes), texts: newTextCache(textCacheBytes), searches: newPageCache(searchCacheBytes), roadmap: newRoadmapItems(), gzipSlots: make(chan struct{}, gzipSlots)}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)
	e.HTTPErrorHandler = s.handleError
	// A path ending in a slash is redirected to the same path without it
	// (one address per page), in front, so the redirect has every answer's
	// headers and log line; echo's middleware writes it, with its guard
	// against open redirects ("//host/").
	s.slash = middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently})(func(echo.Context) error { return errNoSlash })
	e.Use(s.front) // request id, security headers, recover, metrics, the log line
	// Compress what is worth it: pages, lists and assets. Writes answer a
	// few bytes, and a compressor per request costs even when it writes
	// nothing compressed (measured: a third of a vote's CPU), so they are
	// left out (compressible). klauspost/compress's gzhttp at level 1
	// (nearly the ratio of level 5 at a fraction of the CPU): half the CPU
	// of echo's middleware, whose compress/gzip took an eighth of the
	// server's CPU answering pairwise questions.
	gz, err := gzhttp.NewWrapper(gzhttp.MinSize(gzipMinLength), gzhttp.CompressionLevel(gzip.BestSpeed), gzhttp.EnableZstd(false))
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	e.Use(s.compressing(gz))
	s.echo = e
	s.routes()
	s.metrics.know(e.Routes())
	if !cfg.RateLimits {
		s.log.Warn("rate limits are off: use this only for load tests on a private network")
	}
	if err := s.announceSetup(context.Background()); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return s, nil
}

// compressible says whether an answer goes through the compressing middleware:
// reads only, and not uploads (already compressed) nor the answers cached
// compressed (idea lists, search).
func compressible(c echo.Context) bool {
	m := c.Request().Method
	return (m == http.MethodGet || m == http.MethodHead) && !strings.HasPrefix(c.Request().URL.Path, "/uploads/") &&
		c.Path() != ideaListRoute && c.Path() != searchRoute
}

// gzipSlots is how many answers may be compressed at once. A compressor
// holds 0.8 MB (its window and hash tables) from the start of its handler
// to the last byte the client takes, so without a bound the heap grows by
// that much for every client reading slowly (256 at once: 200 MB, most of
// the memory limit's budget); 32 bound them at 26 MB, and 2 cores cannot
// compress more at once anyway.
const gzipSlots = 32

// compressing lets at most gzipSlots answers through gz at once; while
// every slot is taken an answer goes uncompressed (Content-Encoding is the
// client's to accept, not to demand), saying so to caches with Vary.
func (s *Server) compressing(gz func(http.Handler) http.HandlerFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !compressible(c) {
				return next(c)
			}
			if !strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
				// Nothing will be compressed: take no slot.
				c.Response().Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
				return next(c)
			}
			select {
			case s.gzipSlots <- struct{}{}:
				defer func() { <-s.gzipSlots }()
				s.gzipped(gz, next, c)
				return nil
			default:
				c.Response().Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
				return next(c)
			}
		}
	}
}

// gzipped runs next with its answer written through gz's writer, which
// compresses it when it is long enough and of a type worth compressing.
// An error or a panic is answered here, through the same writer: once its
// handler returns, gz's writer sends what it holds, and a 200 with no body
// when it holds nothing, so the error page must be written before.
func (s *Server) gzipped(gz func(http.Handler) http.HandlerFunc, next echo.HandlerFunc, c echo.Context) {
	res := c.Response()
	plain := res.Writer
	defer func() { res.Writer = plain }()
	gz(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		res.Writer = w
		if err := s.recovering(next, c); err != nil {
			c.Error(err)
		}
	})).ServeHTTP(plain, c.Request())
}

// ipExtractor finds the client's address (c.RealIP), an IPv6 client's as
// its /64 (clientAddress): the rate limits' key. Without a trusted proxy in
// front, the peer is the client: trusting X-Forwarded-For would let anyone
// dodge the rate limits. Behind one, X-Forwarded-For is read from the
// right, past the trusted proxies only (a client can write anything to its
// left); no address is trusted by default, loopback and private networks
// included.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	from := echo.ExtractIPDirect()
	if len(trusted) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range trusted {
			opts = append(opts, echo.TrustIPRange(n))
		}
		from = echo.ExtractIPFromXFFHeader(opts...)
	}
	return func(r *http.Request) string { return clientAddress(from(r)) }
}

// ParseTrustedProxies reads -trusted-proxies: CIDR ranges or single
// addresses, separated by commas.
func ParseTrustedProxies(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if !strings.Contains(item, "/") {
			ip := net.ParseIP(item)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q is neither an address nor a CIDR range", item)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is not a CIDR range", item)
		}
		out = append(out, n)
	}
	return out, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }
