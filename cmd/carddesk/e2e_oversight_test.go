package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// download clicks sel and returns the bytes of the file the browser saved.
func download(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.Events(ctx, cdpbrowser.DownloadProgress)
	events := true
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events})
		return err
	}), chromedp.Click(chromedp.CSS(sel)))
	deadline := time.After(30 * time.Second)
	done := make(chan string, 1)
	go func() {
		for ev, err := range progress {
			if err != nil {
				return
			}
			if ev.State == cdpbrowser.DownloadProgressStateCompleted {
				done <- ev.GUID
				return
			}
		}
	}()
	select {
	case guid := <-done:
		b, err := os.ReadFile(filepath.Join(dir, guid))
		if err != nil {
			t.Fatal(err)
		}
		return b
	case <-deadline:
		t.Fatalf("download of %s did not complete", sel)
	}
	return nil
}

// TestE2EOversightStatistics (issue 12): the oversight role opens the
// statistics for a year, sees the charts and the withheld cells, downloads
// the Excel workbook and the PDF, and can open no worker, application or
// interview page.
func TestE2EOversightStatistics(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	login(t, ctx, srv.URL, "oversight@demo.carddesk.test", "demo-oversight-password")
	year := strconv.Itoa(brusselsNow().Year())
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/statistics?year=2000"),
		chromedp.WaitVisible(chromedp.CSS("#table-cards")),
		chromedp.SetValue(chromedp.CSS("#year"), year),
		clickAndLoad(`form[action="/statistics"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS("#table-referrals")),
	)
	if h := text(t, ctx, "h1"); !strings.Contains(h, year) {
		t.Errorf("heading %q, want the year %s", h, year)
	}
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('figure.chart svg[role="img"]').length`))
	if err != nil || charts != 3 {
		t.Errorf("%d charts drawn (%v), want 3", charts, err)
	}
	// Each chart's numbers are in the table it names.
	described, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('figure.chart svg')].every(s => document.getElementById(s.getAttribute('aria-describedby')))`))
	if err != nil || !described {
		t.Errorf("a chart names no table beside it: %v", err)
	}
	if s := text(t, ctx, "#table-cards"); !strings.Contains(s, "fewer than 5") {
		t.Errorf("cards table shows no withheld cell: %q", s)
	}

	xlsx := download(t, ctx, "#export-xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	if sheets := f.GetSheetList(); len(sheets) < 15 {
		t.Errorf("workbook sheets %v", sheets)
	}
	f.Close()
	pdf := download(t, ctx, `a.export-pdf[hreflang="fr"]`)
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || !bytes.Contains(pdf, []byte("/Lang (fr)")) {
		t.Errorf("PDF: %.40q", pdf)
	}

	// Nothing about a person.
	for _, path := range []string{"/workers", "/workers/1", "/workers/1/history", "/applications", "/applications/1", "/interviews", "/interviews/1", "/holds"} {
		res, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.URL+path))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if res.Status != 403 {
			t.Errorf("oversight opened %s: %d", path, res.Status)
		}
	}
}
