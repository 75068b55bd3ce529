package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2EDraftSavesItselfAndSessionWarns (issue 13): where JavaScript runs,
// the interview record saves its draft by itself while it is typed (no
// button pressed, the draft is there on a fresh load); before the idle
// timeout a warning offers to stay signed in, which saves the draft and
// moves the clock on; once the session has ended, the form says so instead
// of losing the next save silently. The script runs under the pages'
// Content-Security-Policy, so this also proves the policy lets it load and
// post to its own origin.
func TestE2EDraftSavesItselfAndSessionWarns(t *testing.T) {
	const idle = 40 * time.Second
	srv := startServer(t, "CARDDESK_AUTOSAVE_INTERVAL=1s", "CARDDESK_SESSION_IDLE="+idle.String())
	ctx := browser(t)
	const note = "E2E autosave: she keeps her passport in the kitchen drawer"
	signedIn := time.Now()
	login(t, ctx, srv.URL, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	do(t, ctx, chromedp.Navigate(srv.URL+"/interviews"), chromedp.WaitVisible(chromedp.CSS("table")), clickAndLoad(`table a[href$="/record"]`),
		chromedp.WaitVisible(chromedp.CSS("#interview-form")))
	recordURL := location(t, ctx)
	if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#session-warning').hidden`)); !hidden {
		t.Error("the session warning shows as soon as the page loads")
	}

	// Typed, not saved by hand: the script saves it.
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#notes"), note))
	// A save can land while the keys are still typed (the interval is 1 s):
	// "saved" then names a draft of the first letters. Two intervals after
	// the last key, the draft saved is the whole note.
	time.Sleep(2500 * time.Millisecond)
	waitText(t, ctx, "#autosave-status", "saved by itself")
	do(t, ctx, chromedp.Navigate(recordURL), chromedp.WaitVisible(chromedp.CSS("#draft-notice")))
	if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#notes').value`)); err != nil || got != note {
		t.Errorf("notes on a fresh load after the autosave: %q %v", got, err)
	}

	// Half-way to the (conservative) end of the session, the warning.
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#session-warning")))
	do(t, ctx, chromedp.Click(chromedp.CSS("#session-stay")))
	waitText(t, ctx, "#autosave-status", "saved by itself")
	if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#session-warning').hidden`)); !hidden {
		t.Error("the warning stays after staying signed in")
	}

	// The server moves the idle clock on at most once a minute: this session
	// ends idle after the sign-in. A save after that is not lost silently.
	if wait := time.Until(signedIn.Add(idle + 3*time.Second)); wait > 0 {
		time.Sleep(wait)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#notes"), " and the key"))
	waitText(t, ctx, "#autosave-status", "session has ended")
}

// waitText waits up to 20 seconds for sel's text to contain want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('`+sel+`') || {}).textContent || ''`))
		if strings.Contains(got, want) {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s says %q, want %q", sel, got, want)
}
