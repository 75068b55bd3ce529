package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMetricsOnTheirOwnAddress: with CARDDESK_METRICS_ADDR set, serve answers
// /metrics on that address only; the main address answers 404.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	s := startServer(t, "CARDDESK_METRICS_ADDR=127.0.0.1:0")
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, _ := get(s.URL + "/healthz"); code != http.StatusOK {
		t.Fatalf("healthz: %d", code)
	}
	if code, body := get(s.URL + "/metrics"); code != http.StatusNotFound || strings.Contains(body, "carddesk_http") {
		t.Errorf("/metrics on the main address: %d %.200s", code, body)
	}
	if s.Metrics == "" {
		t.Fatal("serve did not say where the metrics are served")
	}
	code, body := get(s.Metrics)
	if code != http.StatusOK || !strings.Contains(body, `carddesk_http_requests_total{method="GET",route="/healthz",status="200"}`) {
		t.Errorf("metrics address: %d %.500s", code, body)
	}
}
