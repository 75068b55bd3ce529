package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2ECardEnd (issue 13, h13card): the clerk records the demo card's
// return, keyboard only on the form's fields, then its destruction; the
// page lists both and offers nothing more, and the card is no longer due for
// renewal.
func TestE2ECardEnd(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	clerkAPI := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	var due struct {
		Items []struct {
			ID            int64  `json:"id"`
			ApplicationID int64  `json:"application_id"`
			Status        string `json:"status"`
		} `json:"items"`
	}
	clerkAPI.call("GET", "/api/v1/cards?expiring_within_days=3660", nil, http.StatusOK, &due)
	var cardID, appID int64
	for _, c := range due.Items {
		if c.Status == "collected" {
			cardID, appID = c.ID, c.ApplicationID
			break
		}
	}
	if cardID == 0 {
		t.Fatalf("the demo has no collected card: %+v", due)
	}
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(loc).Format(time.DateOnly)
	login(t, ctx, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	do(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/applications/%d", srv.URL, appID)),
		chromedp.WaitVisible(chromedp.CSS("#card-layout-link")),
		chromedp.Click(chromedp.CSS("#card-end summary")),
		chromedp.WaitVisible(chromedp.CSS(`#card-end input[name=event][value=returned]`)),
		// Submitted empty first: every error at once, in the summary.
		clickAndLoad("#record-card-end"),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if s := text(t, ctx, ".error-summary"); !strings.Contains(s, "returned or destroyed") || !strings.Contains(s, "Enter the day") {
		t.Errorf("error summary: %q", s)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`#card-end input[name=event][value=returned]`)),
		chromedp.SetValue(chromedp.CSS("#end_reason"), "end_of_posting"),
		setValue("#ended_on", today),
		chromedp.SendKeys(chromedp.CSS("#note"), "Handed in at the counter"),
		clickAndLoad("#record-card-end"),
		chromedp.WaitVisible(chromedp.CSS("#card-ends")),
	)
	if s := text(t, ctx, "#card-status"); !strings.Contains(s, "eturned") {
		t.Errorf("card status after the return: %q", s)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#card-end summary")),
		chromedp.Click(chromedp.CSS(`#card-end input[name=event][value=destroyed]`)),
		chromedp.SetValue(chromedp.CSS("#end_reason"), "end_of_posting"),
		setValue("#ended_on", today),
		clickAndLoad("#record-card-end"),
		chromedp.WaitVisible(chromedp.CSS("#card-ends")),
	)
	if s := text(t, ctx, "#card-ends"); !strings.Contains(s, "Returned") || !strings.Contains(s, "Destroyed") || !strings.Contains(s, "Handed in at the counter") {
		t.Errorf("card ends: %q", s)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#record-card-end, #card-layout-link').length`)); n != 0 {
		t.Error("a destroyed card still offers an end or a layout")
	}
	clerkAPI.call("GET", "/api/v1/cards?expiring_within_days=3660", nil, http.StatusOK, &due)
	for _, c := range due.Items {
		if c.ID == cardID {
			t.Error("the returned card is still due for renewal")
		}
	}
}
