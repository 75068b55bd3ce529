package app_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/password"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/generate"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestRenewalsDuePagesOverHTTP walks the renewals due on generated data,
// page after page, in the API (limit, next) and on the page (the shared
// keyset pager's Next and First links): both list the same cards in the
// same order, each once, as many as the total says, and the links keep the
// window and the page's size.
func TestRenewalsDuePagesOverHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			opts := storetest.Options(t, engine)
			st, err := store.Open(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if _, err := st.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			const pw = "generated password 1"
			if _, err := generate.Run(context.Background(), st, generate.Options{Seed: 3, Workers: 60, Applications: 180,
				Observations: 10, AuditRows: 10, Years: 20, Now: time.Now().UTC(), Password: pw, PasswordParams: password.Fast,
				DatabaseURL: opts.DatabaseURL}); err != nil {
				t.Fatal(err)
			}
			e := newEnvOn(t, st, false)
			c := e.anonymous()
			c.signIn("clerk1@generated.example", pw)
			const query = "expiring_within_days=400&limit=2"

			var api []string
			var total float64
			path := "/api/v1/cards?" + query
			for pages := 0; path != ""; pages++ {
				if pages > 50 {
					t.Fatal("the API's pages do not end")
				}
				res, body := c.json("GET", path, nil)
				if res.StatusCode != 200 {
					t.Fatalf("%s: %d %v", path, res.StatusCode, body)
				}
				items, _ := body["items"].([]any)
				if len(items) > 2 {
					t.Errorf("%s: %d cards, limit 2", path, len(items))
				}
				total, _ = body["total"].(float64)
				for _, it := range items {
					card := it.(map[string]any)
					if card["worker_name"] == "" || card["employer_name"] == "" || card["mission_name"] == "" || card["due_reason"] == "" {
						t.Errorf("%s: a card without its names or reason: %v", path, card)
					}
					api = append(api, card["number"].(string))
				}
				path = ""
				if next, _ := body["next"].(string); next != "" {
					path = "/api/v1/cards?" + query + "&after=" + url.QueryEscape(next)
				}
			}
			if len(api) <= 4 || float64(len(api)) != total {
				t.Fatalf("API: %d cards over the pages, total %v (want more than two pages, all of the total)", len(api), total)
			}

			row := regexp.MustCompile(`<tr><td><code>([^<]+)</code>`)
			nextLink := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
			firstLink := regexp.MustCompile(`<a href="([^"]+)" rel="first">`)
			var page []string
			path = "/cards/due?" + query
			for pages := 0; path != ""; pages++ {
				if pages > 50 {
					t.Fatal("the pages do not end")
				}
				res, body := c.get(path)
				if res.StatusCode != 200 {
					t.Fatalf("%s: %d", path, res.StatusCode)
				}
				for _, m := range row.FindAllStringSubmatch(body, -1) {
					page = append(page, m[1])
				}
				first := firstLink.FindStringSubmatch(body)
				if (pages > 0) != (first != nil) {
					t.Errorf("%s (page %d): first page link %v", path, pages+1, first)
				} else if first != nil && strings.ReplaceAll(first[1], "&amp;", "&") != "/cards/due?"+query {
					t.Errorf("%s: first page link %s, want /cards/due?%s", path, first[1], query)
				}
				path = ""
				if next := nextLink.FindStringSubmatch(body); next != nil {
					path = strings.ReplaceAll(next[1], "&amp;", "&")
					if !strings.Contains(path, "expiring_within_days=400") || !strings.Contains(path, "limit=2") || !strings.Contains(path, "after=") {
						t.Errorf("next link %s loses the window, the size or the cursor", path)
					}
				}
			}
			if strings.Join(page, " ") != strings.Join(api, " ") {
				t.Errorf("the pages list\n%v\nthe API\n%v", page, api)
			}
			seen := map[string]bool{}
			for _, n := range api {
				if seen[n] {
					t.Errorf("card %s listed twice", n)
				}
				seen[n] = true
			}
		})
	}
}
