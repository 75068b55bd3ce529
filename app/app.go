// Package app is Carddesk's web application: the echo router with every route
// and the permission it needs (routes.go), thin handlers for the pages and the
// JSON API, embedded templates and translations. Rules live in models/ and are
// enforced by the store's services; handlers only parse, call and render.
package app

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"
	_ "time/tzdata" // the time zone database, for an image without one

	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/carddesk/carddesk/app/store"
)

// Config is what the web application needs from the command line and the
// environment; cmd/carddesk reads it.
type Config struct {
	// SecureCookies marks cookies Secure and sends HSTS: set when Carddesk is
	// served over TLS (directly or behind a TLS-terminating proxy).
	SecureCookies bool
	// TrustedProxies are the networks whose X-Forwarded-For is believed.
	// Empty means the client address is the TCP peer (direct).
	TrustedProxies []*net.IPNet
	// LoginRatePerMinute bounds login requests per client address, a cheap
	// first line in front of the per-account throttling kept in the database.
	LoginRatePerMinute int
	Logger             *slog.Logger
	// Version is shown on /healthz.
	Version string
	// Location is the Directorate's time zone: forms are read and times shown
	// in it (default Europe/Brussels).
	Location *time.Location
	// PDFTimeout bounds the drawing of one PDF (default DefaultPDFTimeout).
	PDFTimeout time.Duration
	// AutosaveInterval is how often, at most, the interview record saves its
	// draft by itself while it is being typed (default 30 s).
	AutosaveInterval time.Duration
}

// App is the web application.
type App struct {
	cfg     Config
	store   *store.Store
	echo    *echo.Echo
	bundle  func() *i18n.Bundle // translations.go: loaded on first use
	pages   map[string]*pageTemplate
	routes  []Route
	log     *slog.Logger
	metrics *metrics
	openAPI []byte
	started time.Time
}

// New builds the application and its router. It fails when the layout is
// missing; the pages and the translations are parsed on first use (issue
// 14: an idle instance holds only what it serves), and the tests parse them
// all, so a broken embedded file fails the build's tests.
func New(cfg Config, st *store.Store) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = st.Location() // the rules' days and the pages' are one zone's
	}
	if cfg.LoginRatePerMinute == 0 {
		cfg.LoginRatePerMinute = 30
	}
	if cfg.AutosaveInterval <= 0 {
		cfg.AutosaveInterval = 30 * time.Second
	}
	if cfg.PDFTimeout <= 0 {
		cfg.PDFTimeout = DefaultPDFTimeout
	}
	a := &App{cfg: cfg, store: st, log: cfg.Logger, started: time.Now()}
	var err error
	a.bundle = lazyTranslations(a.log)
	if a.pages, err = loadTemplates(a.templateFuncs()); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if a.openAPI, err = buildOpenAPI(); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	a.metrics = newMetrics(prometheus.NewRegistry())
	a.echo = a.newRouter()
	return a, nil
}

// Handler returns the HTTP handler (the echo instance).
func (a *App) Handler() *echo.Echo { return a.echo }

// Routes returns the route table with each route's permission.
func (a *App) Routes() []Route { return a.routes }

func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }
