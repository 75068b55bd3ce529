package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestKeysetPagesOverHTTP walks the worker search and the applications
// list page after page, in the API (after, limit, next) and on the pages
// (the Next link), over workers who share their name and applications that
// share their last change: every one comes exactly once, the search and
// the filters stay on every page, a bad cursor is a problem on its field,
// and numbered pages still answer.
func TestKeysetPagesOverHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			ctx, clerk := context.Background(), e.actor("clerk")
			m := models.Mission{Name: "Embassy of Peru", Kind: models.MissionEmbassy, CountryCode: "PE"}
			must(t, e.store.Missions.Create(ctx, clerk, &m))
			emp := models.Employer{MissionID: m.ID, FamilyName: "Quispe", GivenNames: "Rosa", Title: "Ambassador", HeadOfMission: true, EntitledToPrivateServant: true}
			must(t, e.store.Employers.Create(ctx, clerk, &emp))
			const n = 27
			for i := range n {
				w := models.Worker{FamilyName: "Tie", GivenNames: "Same", DateOfBirth: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i),
					Sex: models.SexFemale, Nationality: "PE", PassportNumber: fmt.Sprintf("TIE%05d", i), PassportExpiresOn: time.Now().AddDate(5, 0, 0),
					Languages: "es", Phone: "+32470123456", IBAN: "BE68539007547034", AccountInSoleName: true, ResidenceStatus: models.ResidenceSpecialIDPending}
				must(t, e.store.Workers.Create(ctx, clerk, &w))
				job := models.Employment{WorkerID: w.ID, EmployerID: emp.ID, StartsOn: models.CalendarDay(time.Now().AddDate(0, -1, 0)),
					JobCategory: models.JobHousehold, WeeklyHours: 38}
				must(t, e.store.Employments.Create(ctx, clerk, &job))
				_, err := e.store.Applications.Open(ctx, clerk, models.ApplicationFirstIssuance, job.ID, nil)
				must(t, err)
			}
			// Every application changed at the same instant.
			must(t, e.store.DB().Exec("UPDATE applications SET updated_at = ? WHERE employer_id = ?", time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), emp.ID).Error)
			c := e.as("clerk")

			walk := func(path string) []int64 {
				t.Helper()
				var ids []int64
				seen := map[int64]bool{}
				for pages := 0; path != ""; pages++ {
					if pages > 20 {
						t.Fatalf("%s: the pages do not end", path)
					}
					res, body := c.json("GET", path, nil)
					if res.StatusCode != 200 {
						t.Fatalf("%s: %d %v", path, res.StatusCode, body)
					}
					items, _ := body["items"].([]any)
					if len(items) > 5 {
						t.Errorf("%s: %d items, limit 5", path, len(items))
					}
					if total, _ := body["total"].(float64); total != n {
						t.Errorf("%s: total %v, want %d", path, body["total"], n)
					}
					for _, it := range items {
						id := int64(it.(map[string]any)["id"].(float64))
						if seen[id] {
							t.Errorf("%s: %d listed twice", path, id)
						}
						seen[id] = true
						ids = append(ids, id)
					}
					next, _ := body["next"].(string)
					u, _ := url.Parse(path)
					q := u.Query()
					q.Set("after", next)
					path = ""
					if next != "" {
						path = u.Path + "?" + q.Encode()
					}
				}
				return ids
			}
			if got := walk("/api/v1/workers?q=tie&limit=5"); len(got) != n {
				t.Errorf("search: %d workers over the pages, want %d", len(got), n)
			}
			for _, filter := range []string{"employer_id=" + fmt.Sprint(emp.ID), "worker=tie&mission_id=" + fmt.Sprint(m.ID), "status=draft&worker=same"} {
				if got := walk("/api/v1/applications?limit=5&" + filter); len(got) != n {
					t.Errorf("applications %s: %d over the pages, want %d", filter, len(got), n)
				}
			}

			// Bad cursors and sizes are problems on their fields.
			for _, path := range []string{"/api/v1/workers?after=nonsense", "/api/v1/workers?q=tie&page=2&after=WyJhIiwiYiIsMV0",
				"/api/v1/workers?limit=500", "/api/v1/applications?after=WyJub3QgYSB0aW1lIiwxXQ", "/api/v1/applications?limit=201"} {
				res, body := c.json("GET", path, nil)
				assertProblem(t, res, body, 422, "invalid_input")
				field := "after"
				if strings.Contains(path, "limit=") {
					field = "limit"
				}
				if fe := fieldErrors(body); fe[field] == "" {
					t.Errorf("%s: no error on %s: %v", path, field, body)
				}
			}

			// Numbered pages, as before.
			res, body := c.json("GET", "/api/v1/workers?q=tie&page=2&page_size=5", nil)
			if items, _ := body["items"].([]any); res.StatusCode != 200 || len(items) != 5 || body["page"] != float64(2) || body["next"] != nil {
				t.Errorf("numbered page 2: %d %v", res.StatusCode, body)
			}

			// The pages: a Next link that keeps the search or the filters,
			// a First page link from the second page on, every row once.
			nextLink := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
			firstLink := regexp.MustCompile(`<a href="([^"]+)" rel="first">`)
			for _, tc := range []struct {
				path, row string
				keep      []string
				want      int
			}{
				{"/workers?q=tie&page_size=10", `<tr><td><a href="/workers/(\d+)">`, []string{"q=tie", "page_size=10"}, n},
				{fmt.Sprintf("/applications?employer_id=%d&worker=tie", emp.ID), `<tr><td><a href="/applications/(\d+)">`, []string{fmt.Sprintf("employer_id=%d", emp.ID), "worker=tie"}, n},
			} {
				row := regexp.MustCompile(tc.row)
				seen := map[string]bool{}
				path := tc.path
				for pages := 0; path != ""; pages++ {
					if pages > 10 {
						t.Fatalf("%s: the pages do not end", tc.path)
					}
					res, body := c.do("GET", path, nil, "")
					if res.StatusCode != 200 {
						t.Fatalf("%s: %d", path, res.StatusCode)
					}
					for _, m := range row.FindAllStringSubmatch(body, -1) {
						if seen[m[1]] {
							t.Errorf("%s: %s shown twice", path, m[1])
						}
						seen[m[1]] = true
					}
					first := firstLink.FindStringSubmatch(body)
					if (pages > 0) != (first != nil) {
						t.Errorf("%s (page %d): first page link %v", path, pages+1, first)
					}
					path = ""
					if next := nextLink.FindStringSubmatch(body); next != nil {
						path = strings.ReplaceAll(next[1], "&amp;", "&")
						for _, k := range tc.keep {
							if !strings.Contains(path, k) {
								t.Errorf("next link %s loses %s", path, k)
							}
						}
						if !strings.Contains(path, "after=") {
							t.Errorf("next link %s carries no cursor", path)
						}
					}
				}
				if len(seen) != tc.want {
					t.Errorf("%s: %d rows over the pages, want %d", tc.path, len(seen), tc.want)
				}
			}
		})
	}
}
