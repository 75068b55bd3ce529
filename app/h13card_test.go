package app_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /cards/:id/layout.pdf":          models.PermCardIssue,
		"GET /api/v1/cards/:id/layout":       models.PermCardIssue,
		"GET /cards/production.csv":          models.PermCardIssue,
		"GET /api/v1/cards/production":       models.PermCardIssue,
		"POST /cards/:id/end":                models.PermCardIssue,
		"POST /api/v1/cards/:id/end":         models.PermCardIssue,
		"GET /api/v1/cards/:id/ends":         models.PermCardRead,
		"POST /missions/:id/language":        models.PermMissionManage,
		"POST /api/v1/missions/:id/language": models.PermMissionManage,
	})
}

// photoPNG is a w × h PNG.
func photoPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255})
		}
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return b.Bytes()
}

// upload posts a document of kind to an application through the API.
func (c *client) upload(app int64, kind, name string, content []byte) (int, map[string]any) {
	c.e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("kind", kind)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		c.e.t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = w.Close()
	res, body := c.do("POST", "/api/v1/applications/"+itoa64(app)+"/documents", &buf, w.FormDataContentType())
	var js map[string]any
	_ = json.Unmarshal([]byte(body), &js)
	return res.StatusCode, js
}

// TestRescheduleIssuesNewSummonsNumber: rescheduling books a new appointment
// whose summons carries a new number; the old appointment's summons is
// refused, and the application's history keeps both numbers.
func TestRescheduleIssuesNewSummonsNumber(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	clerk := e.as("clerk")
	ivID := itoa64(e.users["interviewer"].ID)
	app := itoa64(h.apps[0])
	at := time.Now().In(brussels()).Add(50 * time.Hour).Truncate(time.Hour)
	book := func(at time.Time) int64 {
		t.Helper()
		res, body := clerk.postForm("/applications/"+app+"/interviews", url.Values{"scheduled_at": {at.Format("2006-01-02T15:04")},
			"interviewer_id": {ivID}, "room": {"Egmont II, room 0.14"}})
		if res.StatusCode != 303 {
			t.Fatalf("booking: %d %.300s", res.StatusCode, body)
		}
		v, err := e.store.Applications.Get(t.Context(), e.actor("clerk"), h.apps[0])
		must(t, err)
		for _, iv := range v.Interviews {
			if iv.Current {
				return iv.ID
			}
		}
		t.Fatal("no current appointment")
		return 0
	}
	first := book(at)
	second := book(at.Add(24 * time.Hour))
	oldNo, newNo := models.SummonsNumber(first), models.SummonsNumber(second)
	if first == second || oldNo == newNo {
		t.Fatalf("the reschedule kept the summons number %s", oldNo)
	}
	res, body := clerk.get("/api/v1/interviews/" + itoa64(second) + "/summons")
	if res.StatusCode != 200 {
		t.Fatalf("new summons: %d", res.StatusCode)
	}
	if text := pdftest.Text(t, []byte(body)); !strings.Contains(text, newNo) || strings.Contains(text, oldNo) {
		t.Errorf("the new summons should carry %s only: %.400s", newNo, text)
	}
	if res, body := clerk.get("/api/v1/interviews/" + itoa64(first) + "/summons"); res.StatusCode != 409 || !strings.Contains(body, "interview_replaced") {
		t.Errorf("the replaced appointment's summons: %d %.200s", res.StatusCode, body)
	}
	_, page := clerk.get("/applications/" + app)
	hist := page[strings.Index(page, "<table"):]
	if strings.Count(page, newNo) < 2 || !strings.Contains(hist, oldNo) || !strings.Contains(hist, newNo) {
		t.Errorf("the page should show the current summons %s and the history both numbers (%s): %v %v", newNo, oldNo,
			strings.Contains(hist, oldNo), strings.Contains(hist, newNo))
	}
}

// TestEntryRefusesPastDates: a worker on an expired passport and an employer
// whose posting already ended are refused at registration, on the form (the
// values kept, the message by the field, in the page's language) and in the
// API (per-field codes); nothing is written. The worker's record is then
// still correctable once its passport has expired.
func TestEntryRefusesPastDates(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	clerk := e.as("clerk")
	count := func(table string) (n int64) {
		must(t, e.store.DB().Table(table).Count(&n).Error)
		return n
	}
	workers, employers := count("workers"), count("employers")

	form := url.Values{"family_name": {"Mendoza"}, "given_names": {"Luz"}, "date_of_birth": {"1985-02-03"}, "sex": {"female"},
		"nationality": {"PH"}, "passport_number": {"P2020202"}, "passport_expires_on": {"2020-06-30"}, "languages": {"tl"},
		"residence_status": {"special_id_pending"}}
	res, body := clerk.postForm("/workers", form)
	if res.StatusCode != 422 || !strings.Contains(body, `id="passport_expires_on-error"`) || !strings.Contains(body, "2020-06-30") ||
		!strings.Contains(body, "expired on 2020-06-30") || !strings.Contains(body, `value="Mendoza"`) || !strings.Contains(body, `href="#passport_expires_on"`) {
		t.Errorf("worker form: %d; field error %v, value kept %v", res.StatusCode, strings.Contains(body, `id="passport_expires_on-error"`),
			strings.Contains(body, `value="Mendoza"`))
	}
	res, js := clerk.json("POST", "/api/v1/workers", map[string]any{"family_name": "Mendoza", "given_names": "Luz", "date_of_birth": "1985-02-03",
		"sex": "female", "nationality": "PH", "passport_number": "P2020202", "passport_expires_on": "2020-06-30", "languages": []string{"tl"},
		"residence_status": "special_id_pending"})
	assertProblem(t, res, js, 422, "invalid_input")
	if f := fieldErrors(js); f["passport_expires_on"] != models.CodePassportExpired {
		t.Errorf("worker API fields: %v", f)
	}

	mission := itoa64(h.mission)
	res, body = clerk.postForm("/employers", url.Values{"mission_id": {mission}, "family_name": {"Lopez"}, "posting_ends_on": {"2019-08-31"}})
	if res.StatusCode != 422 || !strings.Contains(body, `id="posting_ends_on-error"`) || !strings.Contains(body, "ended on 2019-08-31") || !strings.Contains(body, `value="Lopez"`) {
		t.Errorf("employer form: %d; field error %v", res.StatusCode, strings.Contains(body, `id="posting_ends_on-error"`))
	}
	res, js = clerk.json("POST", "/api/v1/employers", map[string]any{"mission_id": h.mission, "family_name": "Lopez", "posting_ends_on": "2019-08-31"})
	assertProblem(t, res, js, 422, "invalid_input")
	if f := fieldErrors(js); f["posting_ends_on"] != models.CodePostingEnded {
		t.Errorf("employer API fields: %v", f)
	}
	if workers != count("workers") || employers != count("employers") {
		t.Error("a refused registration wrote a record")
	}
	fr := e.as("clerk")
	fr.postForm("/language", url.Values{"lang": {"fr"}})
	if _, body := fr.postForm("/workers", form); !strings.Contains(body, "Ce passeport a expiré le 2020-06-30") {
		t.Error("the French page does not say the passport expired")
	}
	if res, _ := clerk.json("POST", "/api/v1/employers", map[string]any{"mission_id": h.mission, "family_name": "Lopez",
		"posting_ends_on": time.Now().AddDate(1, 0, 0).Format(time.DateOnly)}); res.StatusCode != 201 {
		t.Errorf("a posting running on: %d", res.StatusCode)
	}

	// The registered worker's passport expires; a correction of another
	// field is still recorded, an "update" to an expired passport is not.
	change := map[string]any{"family_name": "Reyes", "given_names": "Ana", "date_of_birth": "1990-05-17", "sex": "female", "nationality": "PH",
		"passport_number": "P1234567", "passport_expires_on": "2021-01-31", "languages": []string{"tl", "en"}, "phone": "+32470123456",
		"iban": "BE68539007547034", "account_in_sole_name": true, "residence_status": "special_id_pending", "change_kind": "correction", "reason": "expiry misread"}
	if res, js := clerk.json("POST", "/api/v1/workers/"+itoa64(h.workers[0])+"/versions", change); res.StatusCode != 200 {
		t.Errorf("correcting the expiry to a past day: %d %v", res.StatusCode, js)
	}
	change["given_names"], change["reason"] = "Ana Maria", "second given name"
	if res, js := clerk.json("POST", "/api/v1/workers/"+itoa64(h.workers[0])+"/versions", change); res.StatusCode != 200 {
		t.Errorf("correcting an old record: %d %v", res.StatusCode, js)
	}
	change["passport_number"], change["passport_expires_on"], change["change_kind"], change["reason"] = "P3333333", "2022-01-31", "update", "new passport"
	res, js = clerk.json("POST", "/api/v1/workers/"+itoa64(h.workers[0])+"/versions", change)
	if f := fieldErrors(js); res.StatusCode != 422 || f["passport_expires_on"] != models.CodePassportExpired {
		t.Errorf("an expired new passport: %d %v", res.StatusCode, f)
	}
}

// TestCardProduction walks a card from the worker's photo to its
// destruction, on every engine: photos refused by content, the layout PDF
// (ID-1 pages, the card's fields, pdftotext), the producer's export, the
// return and destruction with their refusals, and the database refusing
// what the domain refuses (a renewal of a returned card, a returned card
// brought back into use, a second return).
func TestCardProduction(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			h := newHousehold(t, e)
			clerk, iv := e.as("clerk"), e.as("interviewer")
			app := h.apps[0]

			// Photos are checked by their content.
			for _, tt := range []struct {
				name    string
				content []byte
				code    string
			}{
				{"a PDF", apiPDF, models.CodePhotoType},
				{"too small", photoPNG(t, 120, 160), models.CodePhotoTooSmall},
				{"landscape", photoPNG(t, 500, 400), models.CodePhotoPortrait},
				{"truncated", photoPNG(t, 300, 400)[:300], models.CodePhotoDamaged},
			} {
				code, js := clerk.upload(app, "worker_photo", "photo.png", tt.content)
				if f := fieldErrors(js); code != 422 || f["file"] != tt.code {
					t.Errorf("photo %s: %d %v, want 422 file:%s", tt.name, code, f, tt.code)
				}
			}
			code, js := clerk.upload(app, "worker_photo", "photo.png", photoPNG(t, 300, 400))
			if code != 201 || js["content_type"] != "image/png" {
				t.Fatalf("photo: %d %v", code, js)
			}
			photoID := int64(js["id"].(float64))

			// Interviewed, cleared, issued.
			res, js := clerk.json("POST", "/api/v1/applications/"+itoa64(app)+"/interviews", map[string]any{
				"scheduled_at": time.Now().Add(time.Minute).Format(time.RFC3339), "interviewer_id": e.users["interviewer"].ID, "room": "Room 2.14"})
			if res.StatusCode != 201 {
				t.Fatalf("schedule: %d %v", res.StatusCode, js)
			}
			rec := fullRecordBody(true, "cleared")
			rec["held_at"] = time.Now().Format(time.RFC3339)
			if res, js := iv.json("POST", "/api/v1/interviews/"+itoa64(int64(js["id"].(float64)))+"/record", rec); res.StatusCode != 200 {
				t.Fatalf("record: %d %v", res.StatusCode, js)
			}
			res, js = clerk.json("POST", "/api/v1/applications/"+itoa64(app)+"/issue", nil)
			if res.StatusCode != 201 {
				t.Fatalf("issue: %d %v", res.StatusCode, js)
			}
			cardID, number := int64(js["id"].(float64)), js["number"].(string)
			card := "/cards/" + itoa64(cardID)

			// The layout: two ID-1 pages with the card's fields.
			res, body := clerk.get(card + "/layout.pdf")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("layout: %d %s %.200s", res.StatusCode, res.Header.Get("Content-Type"), body)
			}
			if info := pdftest.Info(t, []byte(body)); info["Pages"] != "2" || !strings.HasPrefix(info["Page size"], "242.65 x 153.01 pts") {
				t.Errorf("layout pages: %q of %q", info["Pages"], info["Page size"])
			}
			text := pdftest.Text(t, []byte(body))
			for _, want := range []string{number, "Reyes", "Ana", "PH", "17.05.1990", "F", "Embassy of the Philippines", "Santos", "Type S"} {
				if !strings.Contains(text, want) {
					t.Errorf("the layout lacks %q: %s", want, text)
				}
			}
			if res, _ := iv.get(card + "/layout.pdf"); res.StatusCode != 403 {
				t.Errorf("the interviewer's layout: %d", res.StatusCode)
			}
			_, page := clerk.get("/applications/" + itoa64(app))
			if !strings.Contains(page, `id="card-layout-link"`) {
				t.Error("the application page offers no layout")
			}
			res, csv := clerk.get("/cards/production.csv")
			if res.StatusCode != 200 || !strings.HasPrefix(csv, "card_number,card_type,family_name") ||
				!strings.Contains(csv, number+",S,Reyes,Ana,PH,1990-05-17,F,") || !strings.Contains(csv, ","+itoa64(photoID)+",") {
				t.Errorf("production CSV: %d %s", res.StatusCode, csv)
			}
			_, js = clerk.json("GET", "/api/v1/cards/production", nil)
			if items, _ := js["items"].([]any); len(items) != 1 || items[0].(map[string]any)["card_number"] != number {
				t.Errorf("production JSON: %v", js)
			}
			// The other worker's application has no photo: its card's layout
			// would be refused (checked through the store, no card needed).

			// The end: not before collection, then every refusal, then once.
			end := func(body map[string]any) (int, map[string]any) {
				res, js := clerk.json("POST", "/api/v1"+card+"/end", body)
				return res.StatusCode, js
			}
			today := time.Now().In(brussels()).Format(time.DateOnly)
			yesterday := time.Now().In(brussels()).AddDate(0, 0, -1).Format(time.DateOnly)
			if code, js := end(map[string]any{"event": "returned", "end_reason": "end_of_posting", "ended_on": today}); code != 409 || js["code"] != models.CodeActionNotAllowed {
				t.Errorf("return before collection: %d %v", code, js)
			}
			if res, js := clerk.json("POST", "/api/v1"+card+"/collect", map[string]any{"identity_document_kind": "passport",
				"identity_document_number": "P1234567", "handed_to_worker_in_person": true}); res.StatusCode != 200 {
				t.Fatalf("collect: %d %v", res.StatusCode, js)
			}
			code, js = end(map[string]any{"note": ""})
			if f := fieldErrors(js); code != 422 || f["event"] != "invalid_choice" || f["end_reason"] != "invalid_choice" || f["ended_on"] != "required" {
				t.Errorf("empty end: %d %v", code, f)
			}
			code, js = end(map[string]any{"event": "returned", "end_reason": "other", "ended_on": time.Now().AddDate(0, 0, 3).Format(time.DateOnly)})
			if f := fieldErrors(js); code != 422 || f["ended_on"] != "in_future" || f["note"] != "required" {
				t.Errorf("future end: %d %v", code, f)
			}
			if code, js := end(map[string]any{"event": "destroyed", "end_reason": "end_of_posting", "ended_on": today}); code != 409 || js["code"] != models.CodeCardNotHeld {
				t.Errorf("destroying a card in use: %d %v", code, js)
			}
			if code, js := end(map[string]any{"event": "returned", "end_reason": "end_of_posting", "ended_on": yesterday}); code != 422 || fieldErrors(js)["ended_on"] != "before_issue" {
				t.Errorf("returned before its issue: %d %v", code, js)
			}
			code, js = end(map[string]any{"event": "returned", "end_reason": "end_of_posting", "ended_on": today, "note": "handed in by the worker"})
			if code != 200 || js["status"] != "returned" {
				t.Fatalf("return: %d %v", code, js)
			}
			if code, js := end(map[string]any{"event": "returned", "end_reason": "end_of_posting", "ended_on": today}); code != 409 || js["code"] != models.CodeCardEndRecorded {
				t.Errorf("second return: %d %v", code, js)
			}
			res, page = clerk.postForm(card+"/end", url.Values{"event": {"destroyed"}, "end_reason": {"end_of_posting"}, "ended_on": {today}})
			if res.StatusCode != 303 {
				t.Fatalf("destroy (form): %d %.300s", res.StatusCode, page)
			}
			if code, js := end(map[string]any{"event": "destroyed", "end_reason": "end_of_posting", "ended_on": today}); code != 409 || js["code"] != models.CodeCardEndRecorded {
				t.Errorf("second destruction: %d %v", code, js)
			}
			_, js = clerk.json("GET", "/api/v1"+card+"/ends", nil)
			if ends, _ := js["ends"].([]any); len(ends) != 2 || ends[0].(map[string]any)["ended_on"] != today || ends[1].(map[string]any)["event"] != "destroyed" {
				t.Errorf("ends: %v", js)
			}
			_, page = clerk.get("/applications/" + itoa64(app))
			if !strings.Contains(page, `id="card-ends"`) || !strings.Contains(page, "handed in by the worker") || strings.Contains(page, `id="record-card-end"`) {
				t.Error("the application page does not list the card's end, or still offers one")
			}
			if res, js := clerk.json("GET", "/api/v1"+card+"/layout", nil); res.StatusCode != 409 || js["code"] != store.CodeCardNotProduced {
				t.Errorf("layout of a returned card: %d %v", res.StatusCode, js)
			}
			if res, js := clerk.json("POST", "/api/v1"+card+"/renewal", nil); res.StatusCode != 422 {
				t.Errorf("renewing a returned card: %d %v", res.StatusCode, js)
			}

			// The database refuses the same, whatever the caller.
			db := e.store.DB()
			err := db.Exec(`INSERT INTO applications (kind, worker_id, employer_id, employment_id, replaces_card_id, status, created_by_id, created_at, updated_at)
				SELECT 'renewal', worker_id, employer_id, employment_id, ?, 'draft', created_by_id, created_at, updated_at FROM applications WHERE id = ?`, cardID, app).Error
			if err == nil || !strings.Contains(err.Error(), "applications_replace_card_in_use") {
				t.Errorf("a renewal of a returned card written directly: %v", err)
			}
			if err := db.Exec("UPDATE cards SET status = 'collected' WHERE id = ?", cardID).Error; err == nil || !strings.Contains(err.Error(), "cards_returned_final") {
				t.Errorf("a returned card brought back into use: %v", err)
			}
			if err := db.Exec("INSERT INTO card_ends (card_id, event, reason, note, ended_on, recorded_at) VALUES (?, 'returned', 'lost', '', ?, ?)",
				cardID, time.Now(), time.Now()).Error; err == nil {
				t.Error("a second return written directly")
			}
			if err := db.Exec("UPDATE card_ends SET reason = 'lost' WHERE card_id = ?", cardID).Error; err == nil {
				t.Error("a card's end was changed")
			}
		})
	}
}

// TestMissionLanguage: a mission's language is set at registration, changed
// as a version with a reason, and is the default language of its letters;
// a letter may still be written in another.
func TestMissionLanguage(t *testing.T) {
	e := newEnv(t, store.SQLite)
	h := newHousehold(t, e)
	clerk := e.as("clerk")
	mission := "/missions/" + itoa64(h.mission)

	res, js := clerk.json("POST", "/api/v1/missions", map[string]any{"name": "Botschaft der Republik Österreich", "kind": "embassy", "country_code": "AT", "language": "de"})
	if res.StatusCode != 201 || js["language"] != "de" {
		t.Errorf("mission in German: %d %v", res.StatusCode, js)
	}
	res, js = clerk.json("POST", "/api/v1/missions", map[string]any{"name": "Embajada de España", "kind": "embassy", "country_code": "ES", "language": "es"})
	if f := fieldErrors(js); res.StatusCode != 422 || f["language"] != "invalid_choice" {
		t.Errorf("mission in Spanish: %d %v", res.StatusCode, f)
	}
	_, page := clerk.get(mission)
	if !strings.Contains(page, `id="mission-language">French`) || !strings.Contains(page, `action="`+mission+`/language"`) {
		t.Error("the mission page shows no language, or no form to change it")
	}
	res, page = clerk.postForm(mission+"/language", url.Values{"language": {"nl"}, "change_kind": {"update"}})
	if res.StatusCode != 422 || !strings.Contains(page, `id="reason-language-error"`) {
		t.Errorf("a change without a reason: %d", res.StatusCode)
	}
	if res, _ := clerk.postForm(mission+"/language", url.Values{"language": {"nl"}, "change_kind": {"update"}, "reason": {"note verbale of 2 March: the embassy corresponds in Dutch"}}); res.StatusCode != 303 {
		t.Fatalf("change the language: %d", res.StatusCode)
	}
	_, page = clerk.get(mission)
	if !strings.Contains(page, `id="mission-language">Dutch`) || !strings.Contains(page, "the embassy corresponds in Dutch") {
		t.Error("the mission page does not show the new language and its version")
	}
	res, js = clerk.json("POST", "/api/v1"+mission+"/language", map[string]any{"language": "nl", "change_kind": "update", "reason": "again"})
	if res.StatusCode != 422 || js["code"] != models.CodeNoChange {
		t.Errorf("no change: %d %v", res.StatusCode, js)
	}
	_, js = clerk.json("GET", "/api/v1"+mission+"/versions", nil)
	if b, _ := json.Marshal(js); !strings.Contains(string(b), `"field":"language"`) {
		t.Errorf("the version does not keep the language: %s", b)
	}

	// Letters default to the mission's language.
	if res, js := clerk.json("POST", "/api/v1/applications/"+itoa64(h.apps[0])+"/interviews", map[string]any{
		"scheduled_at": time.Now().Add(time.Hour).Format(time.RFC3339), "interviewer_id": e.users["interviewer"].ID, "room": "Room 2.14"}); res.StatusCode != 201 {
		t.Fatalf("schedule: %d %v", res.StatusCode, js)
	}
	v, err := e.store.Applications.Get(t.Context(), e.actor("clerk"), h.apps[0])
	must(t, err)
	kinds, err := e.store.Letters.Allowed(t.Context(), e.actor("clerk"), v.ID)
	must(t, err)
	if len(kinds) == 0 {
		t.Fatal("no letter allowed")
	}
	res, js = clerk.json("POST", "/api/v1/applications/"+itoa64(h.apps[0])+"/letters", map[string]any{"kind": kinds[0]})
	if res.StatusCode != 201 || js["language"] != "nl" {
		t.Errorf("a letter without a language: %d %v", res.StatusCode, js)
	}
	res, js = clerk.json("POST", "/api/v1/applications/"+itoa64(h.apps[0])+"/letters", map[string]any{"kind": kinds[0], "language": "en"})
	if res.StatusCode != 201 || js["language"] != "en" {
		t.Errorf("a letter in English: %d %v", res.StatusCode, js)
	}
	_, page = clerk.get("/applications/" + itoa64(h.apps[0]))
	if i := strings.Index(page, `name="language"`); i < 0 || !strings.HasPrefix(strings.TrimSpace(page[i+len(`name="language">`):]), `<option value="nl">Dutch (the mission&#39;s language)`) {
		i := strings.Index(page, `name="language"`)
		t.Errorf("the letter form does not propose the mission's language: %.300s", page[max(i, 0):])
	}
}
