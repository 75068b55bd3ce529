package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/models"
)

// axeVersion is the axe-core release .ci/run installs from npm into
// ~/.cache/carddesk-axe/axe-core-VERSION (CARDDESK_AXE_JS names another
// axe.min.js).
const axeVersion = "4.14.1"

// axeScript returns axe.min.js; the test skips without it, except under
// CI=true where it must run.
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CARDDESK_AXE_JS")
	if path == "" {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, ".cache", "carddesk-axe", "axe-core-"+axeVersion, "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but axe-core is not installed at %s (.ci/run installs it): %v", path, err)
		}
		t.Skipf("accessibility test skipped: no axe-core at %s (npm install --prefix ~/.cache/carddesk-axe/axe-core-%s axe-core@%s)", path, axeVersion, axeVersion)
	}
	return string(b)
}

// pageRoute is a GET route of the route table that answers an HTML page.
type pageRoute struct {
	path string
	perm models.Permission
	re   *regexp.Regexp
}

// pageRoutes reads the route table and keeps the pages: not the API, the
// static files, the probes, nor the routes answering a file (PDF, CSV,
// spreadsheet, calendar, image, document download).
func pageRoutes(t *testing.T) []pageRoute {
	t.Helper()
	a, err := app.New(app.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	files := regexp.MustCompile(`(\.(pdf|csv|xlsx|png|ics)|/(pdf|csv|file))$`)
	var out []pageRoute
	for _, r := range a.Routes() {
		p := r.Path
		if r.Method != "GET" || strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" ||
			files.MatchString(p) || p == "/documents/:id" || p == "/leaflets/:lang" {
			continue
		}
		pat := regexp.MustCompile(`:[a-z]+`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`)
		out = append(out, pageRoute{path: p, perm: r.Perm, re: regexp.MustCompile("^" + pat + "$")})
	}
	return out
}

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []string
}

// axeRun runs the WCAG 2.x A and AA rules and the best practices on the
// page, and answers the violations as JSON.
var axeRun = `(async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']});
  return JSON.stringify(r.violations.map(v => ({ID: v.id, Impact: v.impact || '', Help: v.help,
    Nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300))})));
})()`

// TestE2EAxeEveryPage (issue 13): each role signs in and walks every page of
// the route table it may open, following the links of the pages from its
// home page (real ids of the demo data set); axe-core checks each page, and
// the test lists every violation. A page route the walk never reached fails
// too, so a new page is checked as soon as it is added and linked.
func TestE2EAxeEveryPage(t *testing.T) {
	src := axeScript(t)
	srv := startServer(t)
	routes := pageRoutes(t)
	// Beyond the demo's records: an application cleared against the
	// evidence (its clearance page, on the admin's queue), and a draft of
	// the salary scale (its page and its comparison).
	clearedAgainstEvidence(t, srv.URL)
	// The demo's booking ahead was cancelled for it: one more, this
	// afternoon, to record and to reassign.
	clerk := newE2ESession(t, srv.URL, "clerk@demo.carddesk.test", "demo-clerk-password")
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/interviews", submittedApplication(t, clerk, "Phạm", "E2EAXE002")), map[string]any{
		"scheduled_at": time.Now().UTC().Truncate(time.Minute).Add(3 * time.Hour).Format(time.RFC3339), "interviewer_id": demoInterviewerID(t, srv.URL),
		"room": "Egmont II, room 0.14"}, http.StatusCreated, nil)
	admin := newE2ESession(t, srv.URL, "admin@demo.carddesk.test", "demo-admin-password")
	admin.call("POST", "/api/v1/scales", map[string]any{}, http.StatusCreated, nil)
	base, _ := url.Parse(srv.URL)
	codes := internalCodes(t)
	checked := 0
	var failures []string
	// check injects axe-core through the DevTools runtime (the pages' CSP
	// allows no script; Runtime.evaluate is not subject to it) and runs it.
	check := func(ctx context.Context, role, where string) {
		t.Helper()
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== 'undefined'`))
		if err != nil {
			t.Fatalf("%s %s: %v", role, where, err)
		}
		if !loaded {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](src+";axe.version"))
			if err != nil {
				t.Fatalf("inject axe-core on %s: %v", where, err)
			}
			if v != axeVersion {
				t.Fatalf("axe-core %s injected, want %s (.ci/run installs it)", v, axeVersion)
			}
		}
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe on %s as %s: %v", where, role, err)
		}
		var vs []axeViolation
		if err := json.Unmarshal([]byte(out), &vs); err != nil {
			t.Fatalf("axe answer on %s: %v", where, err)
		}
		checked++
		// No internal code on the page: a permission's, a CTDC field's.
		if body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`)); codes.MatchString(body) {
			failures = append(failures, fmt.Sprintf("%s as %s: an internal code is shown: %q", where, role, codes.FindString(body)))
		}
		// Nothing wider than the window at 1,280 px (the audit table was).
		if wide, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`)); wide > 0 {
			failures = append(failures, fmt.Sprintf("%s as %s: the page is %d px wider than the 1,280 px window", where, role, wide))
		}
		for _, v := range vs {
			failures = append(failures, fmt.Sprintf("%s as %s: %s (%s) %s\n\t%s", where, role, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t")))
		}
	}
	status := func(ctx context.Context) int {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType('navigation')[0].responseStatus || 0`))
		return n
	}

	// The check itself can fail: an image without a text alternative and a
	// field without a label, added to the sign-in page, are found.
	t.Run("self-check", func(t *testing.T) {
		ctx := browser(t)
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.Evaluate[chromedp.Void](`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/static/app.css"><input type="text" name="unlabelled">')`))
		before := len(failures)
		check(ctx, "anonymous", "/login with broken additions")
		got := strings.Join(failures[before:], "\n")
		if !strings.Contains(got, "image-alt") || !strings.Contains(got, "label") {
			t.Errorf("axe-core did not find the broken additions: %q", got)
		}
		failures, checked = failures[:before], checked-1
	})

	// The pages before a session: the sign-in and its second step.
	for _, role := range []struct{ name, email, password string }{
		{"clerk", "clerk@demo.carddesk.test", "demo-clerk-password"},
		{"interviewer", "interviewer@demo.carddesk.test", "demo-interviewer-password"},
		{"admin", "admin@demo.carddesk.test", "demo-admin-password"},
		{"oversight", "oversight@demo.carddesk.test", "demo-oversight-password"},
	} {
		t.Run(role.name, func(t *testing.T) {
			ctx := browser(t)
			do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")))
			if role.name == "clerk" {
				check(ctx, "anonymous", "/login")
			}
			do(t, ctx,
				chromedp.SendKeys(chromedp.CSS("#email"), role.email),
				chromedp.SendKeys(chromedp.CSS("#password"), role.password),
				clickAndLoad(`main button[type=submit]`))
			if loc := location(t, ctx); strings.Contains(loc, "/login/two-factor") {
				u, _ := url.Parse(loc)
				check(ctx, role.name, u.Path)
			}
			secondStep(t, ctx, srv.URL, role.email)
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))

			user := &models.User{Active: true, Roles: []models.Role{models.Role(role.name)}}
			visited := map[string][]string{} // route path → URLs checked
			seen := map[string]bool{"/": true}
			// From the home page and every page without an id; the pages of
			// records from the links the walk finds.
			queue := []string{"/"}
			for _, r := range routes {
				if r.path != "/" && r.perm != app.Public && user.Can(r.perm) && !strings.Contains(r.path, ":") {
					seen[r.path] = true
					visited[r.path] = append(visited[r.path], r.path)
					queue = append(queue, r.path)
				}
			}
			forbidden := false
			for len(queue) > 0 {
				u := queue[0]
				queue = queue[1:]
				do(t, ctx, chromedp.Navigate(srv.URL+u))
				st := status(ctx)
				if st != 200 {
					t.Errorf("%s as %s: status %d", u, role.name, st)
					continue
				}
				check(ctx, role.name, u)
				hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('a[href]'), a => a.href)`))
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hrefs {
					l, err := url.Parse(h)
					if err != nil || l.Host != base.Host {
						continue
					}
					l.Fragment = ""
					next := l.RequestURI()
					if seen[next] {
						continue
					}
					for _, r := range routes {
						if !r.re.MatchString(l.Path) || strings.HasPrefix(r.path, "/login") {
							continue
						}
						if !user.Can(r.perm) {
							break
						}
						// Two URLs of each page at most: a second with other
						// data or filters, not every row of every list.
						if len(visited[r.path]) < 2 {
							seen[next] = true
							visited[r.path] = append(visited[r.path], next)
							queue = append(queue, next)
						}
						break
					}
				}
				if u == "/" {
					visited["/"] = append(visited["/"], "/")
				}
			}
			// A form sent empty: re-rendered with its error summary and the
			// messages by the fields.
			if form, ok := map[string]string{"clerk": "/workers/new", "admin": "/admin/users/new"}[role.name]; ok {
				do(t, ctx, chromedp.Navigate(srv.URL+form), clickAndLoad(`main form button[type=submit]`), chromedp.WaitVisible(chromedp.CSS(".error-summary")))
				check(ctx, role.name, form+" (sent empty)")
			}
			// One page refused, as the role sees it.
			for _, r := range routes {
				if !user.Can(r.perm) && r.perm != app.Public && !strings.Contains(r.path, ":") && !forbidden {
					forbidden = true
					do(t, ctx, chromedp.Navigate(srv.URL+r.path))
					if st := status(ctx); st != 403 {
						t.Errorf("%s as %s: %d, want 403", r.path, role.name, st)
					}
					check(ctx, role.name, r.path+" (refused)")
				}
			}
			// The admin's trail and a few pages in French and Dutch: the
			// audit summaries translated, none left in English.
			if role.name == "admin" {
				for _, lang := range []string{"fr", "nl"} {
					do(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.SetValue(chromedp.CSS("#lang-select"), lang),
						clickAndLoad(`form[action="/language"] button`))
					pages := []string{"/", "/admin/audit", "/holds"}
					if len(visited["/workers/:id/history"]) > 0 {
						pages = append(pages, visited["/workers/:id/history"][0], strings.Replace(visited["/workers/:id/history"][0], "/history", "/access-log", 1))
					}
					for _, u := range pages {
						do(t, ctx, chromedp.Navigate(srv.URL+u), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] main`)))
						check(ctx, role.name, u+" ("+lang+")")
						english, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('table.audit span[lang="en"]'), s => s.textContent)`))
						if err != nil {
							t.Fatal(err)
						}
						if len(english) > 0 {
							t.Errorf("%s in %s: audit summaries left in English: %q", u, lang, english)
						}
					}
				}
			}
			t.Logf("%s: %d pages of %d routes checked", role.name, len(seen), len(visited))
			var missing []string
			for _, r := range routes {
				if r.perm != app.Public && user.Can(r.perm) && len(visited[r.path]) == 0 {
					missing = append(missing, r.path)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("pages %s may open that the walk from its home page never reached (link them, or seed a URL): %v", role.name, missing)
			}
		})
	}
	// A new interviewer's first sign-in: the forced password change, the
	// second factor's enrolment and the recovery codes.
	t.Run("first sign-in", func(t *testing.T) {
		ctx := browser(t)
		var out struct {
			OneTime string `json:"one_time_password"`
		}
		const email = "axe.new@demo.carddesk.test"
		admin.call("POST", "/api/v1/users", map[string]any{"email": email, "name": "Axe Newcomer", "roles": []string{"interviewer"}}, http.StatusCreated, &out)
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
			chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), out.OneTime),
			clickAndLoad(`main button[type=submit]`))
		if loc := location(t, ctx); !strings.Contains(loc, "/login/two-factor/enrol") {
			t.Fatalf("a new interviewer's sign-in: %s, want the enrolment", loc)
		}
		check(ctx, "a new interviewer", "/login/two-factor/enrol")
		enrolOnPage(t, ctx, srv.URL, email)
		check(ctx, "a new interviewer", "/login/two-factor/enrol (recovery codes)")
		do(t, ctx, clickAndLoad("#totp-continue"), chromedp.WaitVisible(chromedp.CSS("#new_password")))
		check(ctx, "a new interviewer", "/password (first sign-in)")
	})
	t.Logf("axe-core %s checked %d pages", axeVersion, checked)
	if len(failures) > 0 {
		t.Errorf("%d accessibility violations:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

// submittedApplication registers a worker of family name family (and
// passport number passport), opens her application through the API with its
// documents and contract, and submits it.
func submittedApplication(t *testing.T, clerk *e2eSession, family, passport string) int64 {
	t.Helper()
	appID := e2eWorker(t, clerk, family, "VN", passport, "vi", "en")
	for _, kind := range []string{"note_verbale", "signed_contract", "declaration_of_return", "social_security_proof", "work_accident_insurance",
		"repatriation_insurance", "passport_copy"} {
		clerk.attach(appID, kind)
	}
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/contracts", appID), map[string]any{
		"language": "en", "gross_monthly_salary": "2300", "board": map[string]any{"lodging": true},
		"employer_function": "Counsellor", "employer_address": "Avenue Franklin Roosevelt 10, 1050 Brussels",
		"worker_address": "Avenue Franklin Roosevelt 10, 1050 Brussels", "workplace": "Avenue Franklin Roosevelt 10, 1050 Brussels",
		"duties": "household work", "place": "Brussels", "days_per_week": 5, "rest_days": []string{"saturday", "sunday"},
		"annual_leave_days": 20, "repatriation_to": "Hanoi, Viet Nam"}, http.StatusCreated, nil)
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/submit", appID), nil, http.StatusOK, nil)
	return appID
}

// demoInterviewerID is the demo interviewer's account id.
func demoInterviewerID(t *testing.T, base string) int64 {
	t.Helper()
	var users struct {
		Users []struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		} `json:"users"`
	}
	newE2ESession(t, base, "admin@demo.carddesk.test", "demo-admin-password").call("GET", "/api/v1/users", nil, http.StatusOK, &users)
	for _, u := range users.Users {
		if u.Email == "interviewer@demo.carddesk.test" {
			return u.ID
		}
	}
	t.Fatal("no demo interviewer")
	return 0
}

// clearedAgainstEvidence books an interview with the demo interviewer at
// the next minute and records it, through the API, as cleared although the
// worker's identity documents are withheld and violence was answered yes,
// with the interviewer's reason: the application waits on hold for a
// second admin's confirmation. It returns the application's id.
func clearedAgainstEvidence(t *testing.T, base string) int64 {
	t.Helper()
	clerk := newE2ESession(t, base, "clerk@demo.carddesk.test", "demo-clerk-password")
	freeDemoInterviewer(t, clerk)
	appID := submittedApplication(t, clerk, "Lê", "E2EAXE001")
	var iv idJSON
	clerk.call("POST", fmt.Sprintf("/api/v1/applications/%d/interviews", appID), map[string]any{
		"scheduled_at": time.Now().UTC().Truncate(time.Second).Add(time.Minute).Format(time.RFC3339), "interviewer_id": demoInterviewerID(t, base),
		"room": "Egmont II, room 0.14"}, http.StatusCreated, &iv)
	checklist, indicators := map[string]any{}, map[string]any{}
	recordBody(checklist, indicators)
	indicators[models.ILORetentionOfIdentityDocuments] = map[string]any{"answer": "yes"}
	indicators[models.ILOPhysicalAndSexualViolence] = map[string]any{"answer": "yes"}
	interviewer := newE2ESession(t, base, "interviewer@demo.carddesk.test", "demo-interviewer-password")
	interviewer.call("POST", fmt.Sprintf("/api/v1/interviews/%d/record", iv.ID), map[string]any{
		"held_at": time.Now().UTC().Format(time.RFC3339), "outcome": "cleared",
		"attestations": map[string]any{"employer_and_mission_absent": true, "worker_informed_of_rights": true,
			"rights_language": "Vietnamese", "leaflet_handed_over": true, "leaflet_language": "en"},
		"checklist": checklist, "indicators": indicators,
		"clearance_reason": "She says the passport is kept in the embassy's safe at her own request; the injury was an accident at her previous employer."},
		http.StatusOK, nil)
	return appID
}

// internalCodes matches what a page must never show: a permission's code
// ("the permission hold.decide", issue 13) or a CTDC field's
// (meansOfControlWithholdsDocuments).
func internalCodes(t *testing.T) *regexp.Regexp {
	t.Helper()
	a, err := app.New(app.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	alts := []string{`meansOfControl[A-Z]\w*`}
	for _, r := range a.Routes() {
		if p := string(r.Perm); strings.Contains(p, ".") && !seen[p] {
			seen[p] = true
			alts = append(alts, `\b`+regexp.QuoteMeta(p)+`\b`)
		}
	}
	return regexp.MustCompile(strings.Join(alts, "|"))
}

// recordBody fills a record's checklist (all yes) and ILO indicators (all
// no) for the API.
func recordBody(checklist, indicators map[string]any) {
	for _, item := range models.ChecklistItems {
		checklist[string(item)] = map[string]any{"answer": "yes"}
	}
	for _, ind := range models.Indicators(models.TaxonomyILOForcedLabour) {
		indicators[ind.Code] = map[string]any{"answer": "no"}
	}
}
