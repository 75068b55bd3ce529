package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		registry: reg,
		// Labelled by route template, never by raw path: ids must not
		// multiply series.
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "carddesk_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "carddesk_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

// MetricsHandler serves the Prometheus metrics at GET /metrics and nothing
// else. It is not part of the main router: the figures (routes, statuses,
// volumes, the process) are for the operators, so serve puts this handler on
// a listener of its own, CARDDESK_METRICS_ADDR, which the firewall keeps to
// the monitoring network.
func (a *App) MetricsHandler() http.Handler {
	prom := promhttp.HandlerFor(a.metrics.registry, promhttp.HandlerOpts{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		prom.ServeHTTP(w, r)
	})
	return mux
}

func (a *App) healthz(c echo.Context) error {
	return c.JSON(200, map[string]any{"status": "ok", "version": a.cfg.Version,
		"uptime_seconds": int(time.Since(a.started).Seconds())})
}

func (a *App) readyz(c echo.Context) error {
	if err := a.store.Ready(c.Request().Context()); err != nil {
		// The reason goes to the log; the public answer names no host or version.
		a.log.Warn("not ready", "error", err.Error())
		return c.JSON(503, map[string]string{"status": "unavailable"})
	}
	return c.JSON(200, map[string]string{"status": "ready"})
}
