package app_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /statistics":             models.PermStatisticsRead,
		"GET /api/v1/statistics":      models.PermStatisticsRead,
		"GET /statistics/export.csv":  models.PermStatisticsRead,
		"GET /statistics/export.xlsx": models.PermStatisticsRead,
		"GET /statistics/report.pdf":  models.PermStatisticsRead,
		"GET /statistics/ctdc.csv":    models.PermMicrodataExport,

		"GET /retention":                       models.PermRetentionManage,
		"GET /api/v1/retention":                models.PermRetentionManage,
		"POST /workers/:id/legal-holds":        models.PermRetentionManage,
		"POST /api/v1/workers/:id/legal-holds": models.PermRetentionManage,
		"POST /legal-holds/:id/lift":           models.PermRetentionManage,
		"POST /api/v1/legal-holds/:id/lift":    models.PermRetentionManage,

		"GET /workers/:id/subject-access":         models.PermSubjectAccess,
		"POST /workers/:id/subject-access":        models.PermSubjectAccess,
		"POST /api/v1/workers/:id/subject-access": models.PermSubjectAccess,
	})
}

// TestOversightSeesOnlyAggregates: the oversight role opens the statistics
// and nothing that names a person; admins read them too; clerks and
// interviewers do not.
func TestOversightSeesOnlyAggregates(t *testing.T) {
	e := newEnv(t, store.SQLite)
	ov := e.as("oversight")
	for _, path := range []string{"/workers", "/workers/1", "/applications", "/applications/1", "/interviews", "/interviews/1",
		"/holds", "/admin/audit", "/api/v1/workers", "/api/v1/applications/1"} {
		if res, _ := ov.get(path); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("oversight GET %s: %d", path, res.StatusCode)
		}
	}
	for _, p := range models.AllPermissions() {
		if models.RoleHas(models.RoleOversight, p) != (p == models.PermStatisticsRead) {
			t.Errorf("oversight holds %s", p)
		}
	}
	res, body := ov.get("/statistics?year=2026")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("statistics: %d %s", res.StatusCode, body)
	}
	for _, want := range []string{`<svg`, `role="img"`, `aria-describedby="table-cards"`, `id="table-cards"`, `id="table-referrals"`, "fewer than 5"} {
		if !strings.Contains(body, want) {
			t.Errorf("statistics page lacks %q", want)
		}
	}
	// No inline script or style: the page works under the policy.
	for _, banned := range []string{"<script", "style=", "onclick"} {
		if strings.Contains(body, banned) {
			t.Errorf("statistics page holds %q", banned)
		}
	}
	if res, _ := e.as("clerk").get("/statistics"); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk: %d", res.StatusCode)
	}
	if res, _ := e.as("admin").get("/statistics"); res.StatusCode != http.StatusOK {
		t.Errorf("admin: %d", res.StatusCode)
	}
	if res, body := ov.get("/api/v1/statistics?year=1999"); res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
		t.Errorf("year 1999: %d %s", res.StatusCode, body)
	}
	res, body = ov.get("/api/v1/statistics?year=2026")
	var doc struct {
		Threshold int `json:"threshold"`
		Tables    []struct {
			ID   string `json:"id"`
			Rows []struct {
				Cells []struct {
					Value *int   `json:"value"`
					Shown string `json:"shown"`
				} `json:"cells"`
			} `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || res.StatusCode != 200 || doc.Threshold != 5 || len(doc.Tables) < 10 {
		t.Fatalf("API: %d %v %.300s", res.StatusCode, err, body)
	}
	if c := doc.Tables[0].Rows[0].Cells[4]; c.Value != nil || c.Shown != "fewer_than_threshold" {
		t.Errorf("an empty year's count is published: %+v", c)
	}
	var n int64
	e.store.DB().Raw("SELECT COUNT(*) FROM audit_events WHERE action = 'statistics.view' AND actor_id = ?", e.users["oversight"].ID).Scan(&n)
	if n != 2 {
		t.Errorf("%d views audited, want 2", n)
	}
}

// TestStatisticsExports: CSV (one table and all), the workbook and the PDF
// in each language, every one audited.
func TestStatisticsExports(t *testing.T) {
	e := newEnv(t, store.SQLite)
	ov := e.as("oversight")
	res, body := ov.get("/statistics/export.csv?year=2026&table=referrals&lang=fr")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV: %d %v", res.StatusCode, res.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 1+len(models.ReferralPartners)+1 || rows[0][0] != "Tableau" || rows[1][2] != "moins de 5" {
		t.Errorf("CSV rows %v: %v", rows, err)
	}
	// The referral follow-ups (h13fstats): a table per outcome, partners
	// as rows and a total, like the referrals.
	res, body = ov.get("/statistics/export.csv?year=2026&table=followups_refused&lang=fr")
	rows, err = csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || res.StatusCode != 200 || len(rows) != 1+len(models.ReferralPartners)+1 || !strings.Contains(body, "Statut de victime non accordé") {
		t.Errorf("follow-up CSV %d rows %v: %v", res.StatusCode, rows, err)
	}
	if res, _ := ov.get("/statistics/export.csv?table=nothing"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown table: %d", res.StatusCode)
	}
	res, body = ov.get("/statistics/export.xlsx?year=2026&lang=nl")
	if res.StatusCode != 200 {
		t.Fatalf("xlsx: %d", res.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) < 15 || sheets[0] != "Toelichting" {
		t.Errorf("sheets %v", sheets)
	}
	for _, want := range []string{"Slachtofferstatus toegekend,", "Slachtofferstatus niet toege", "Doorverwijzingen nog lopend,"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no follow-up sheet %q in %v", want, sheets)
		}
	}
	if v, _ := f.GetCellValue("Uitgereikte kaarten", "B2"); v != "minder dan 5" {
		t.Errorf("workbook B2 = %q", v)
	}
	for _, lang := range models.Locales {
		res, body = ov.get("/statistics/report.pdf?year=2026&lang=" + lang)
		if res.StatusCode != 200 || !strings.HasPrefix(body, "%PDF") || !strings.Contains(body, "/Lang") {
			t.Errorf("PDF %s: %d %.40q", lang, res.StatusCode, body)
		}
	}
	if res, _ := ov.get("/statistics/report.pdf?lang=xx"); res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
	var n int64
	e.store.DB().Raw("SELECT COUNT(*) FROM audit_events WHERE action = 'statistics.export'").Scan(&n)
	if n != 7 { // the unknown table is refused after the report is read
		t.Errorf("%d exports audited, want 7", n)
	}
}
