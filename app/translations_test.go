package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

func init() {
	expectRoutes(map[string]models.Permission{
		"GET /translations":                       models.PermTranslationRead,
		"POST /translations":                      models.PermTranslationPublish,
		"GET /translations/:lang":                 models.PermTranslationRead,
		"GET /translations/versions/:id":          models.PermTranslationRead,
		"GET /translations/versions/:id/file":     models.PermTranslationRead,
		"POST /translations/versions/:id/publish": models.PermTranslationPublish,
		"POST /translations/versions/:id/discard": models.PermTranslationPublish,
		"GET /contacts":                           models.PermTranslationRead,
		"POST /contacts":                          models.PermContactManage,

		"GET /api/v1/translations":                       models.PermTranslationRead,
		"POST /api/v1/translations":                      models.PermTranslationPublish,
		"GET /api/v1/translations/:lang/versions":        models.PermTranslationRead,
		"GET /api/v1/translations/versions/:id":          models.PermTranslationRead,
		"GET /api/v1/translations/versions/:id/diff":     models.PermTranslationRead,
		"GET /api/v1/translations/versions/:id/file":     models.PermTranslationRead,
		"POST /api/v1/translations/versions/:id/publish": models.PermTranslationPublish,
		"DELETE /api/v1/translations/versions/:id":       models.PermTranslationPublish,
		"GET /api/v1/contacts":                           models.PermTranslationRead,
		"POST /api/v1/contacts":                          models.PermContactManage,
	})
}

// uploadForm builds the page's upload: the file and the credit fields.
func uploadForm(t *testing.T, csrf string, fields map[string]string, content []byte) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mustDo(t, mw.WriteField("_csrf", csrf))
	for k, v := range fields {
		mustDo(t, mw.WriteField(k, v))
	}
	if content != nil {
		fw, err := mw.CreateFormFile("file", "texts.toml")
		mustDo(t, err)
		fw.Write(content)
	}
	mustDo(t, mw.Close())
	return &body, mw.FormDataContentType()
}

// TestTranslationPages: an admin downloads the Spanish texts in use,
// uploads a corrected file from the page, sees the difference key by key,
// publishes it, and the leaflet prints it; a clerk reads but cannot change.
func TestTranslationPages(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			admin, clerk := e.as("admin"), e.as("clerk")
			res, body := clerk.get("/translations")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="language-ne"`) || strings.Contains(body, `id="upload"`) {
				t.Fatalf("clerk's list: %d", res.StatusCode)
			}
			res, body = admin.get("/translations/es")
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "publication 1") {
				t.Fatalf("es history: %d %s", res.StatusCode, body)
			}
			_, list := admin.json("GET", "/api/v1/translations/es/versions", nil)
			first := list["versions"].([]any)[0].(map[string]any)
			_, file := admin.get(first["file_url"].(string))
			if !strings.Contains(file, "Sus derechos como") {
				t.Fatalf("file: %.200s", file)
			}
			edited := strings.Replace(file, "Sus derechos como", "Todos sus derechos como", 1)
			fields := map[string]string{"language": "es", "translator": "M. Ruiz", "note": "Title corrected."}

			// Refusals come back on the form, next to their field.
			b, ct := uploadForm(t, admin.csrf, map[string]string{"language": "es", "note": "x"}, []byte(strings.Replace(edited, "{minimum}", "", 1)))
			res, body = admin.do("POST", "/translations", b, ct)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot be used") || !strings.Contains(body, "This field is required") {
				t.Errorf("broken upload: %d %s", res.StatusCode, body)
			}
			b, ct = uploadForm(t, clerk.csrf, fields, []byte(edited))
			if res, _ := clerk.do("POST", "/translations", b, ct); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk upload: %d", res.StatusCode)
			}
			b, ct = uploadForm(t, admin.csrf, fields, []byte(edited))
			res, _ = admin.do("POST", "/translations", b, ct)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload: %d", res.StatusCode)
			}
			page := res.Header.Get("Location")
			_, body = clerk.get(page)
			if !strings.Contains(body, `id="key-leaflet.title"`) || !strings.Contains(body, "<mark>Todos sus</mark>") || strings.Contains(body, `id="publish-version"`) {
				t.Errorf("diff page for a clerk: %s", body)
			}
			_, body = admin.get(page)
			if !strings.Contains(body, `id="publish-version"`) {
				t.Fatalf("no publish button for the admin: %s", body)
			}
			id := page[strings.LastIndex(page, "/")+1:]
			if res, _ := clerk.postForm(page+"/publish", nil); res.StatusCode != http.StatusForbidden {
				t.Errorf("clerk publish: %d", res.StatusCode)
			}
			if res, _ := admin.postForm(page+"/publish", nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("publish: %d", res.StatusCode)
			}
			res, body = clerk.get("/leaflets/es")
			if text := pdftest.Text(t, []byte(body)); res.StatusCode != http.StatusOK || !strings.Contains(text, "Todos sus derechos") || !strings.Contains(text, "Your rights as") {
				t.Errorf("leaflet after publication (unreviewed: English beside): %s", text)
			}
			// The API: the same upload, reviewed, as JSON; its difference.
			sworn := strings.Replace(edited, "Todos sus derechos", "Todos sus derechos, revisado,", 1)
			res, v := admin.json("POST", "/api/v1/translations", map[string]any{"language": "es", "content": sworn,
				"translator": "M. Ruiz", "reviewed_by": "J. García, sworn translator", "sworn": true, "note": "Reviewed."})
			if res.StatusCode != http.StatusCreated || v["review"] != "reviewed" || v["status"] != "draft" {
				t.Fatalf("API upload: %d %v", res.StatusCode, v)
			}
			vid := itoa64(int64(v["id"].(float64)))
			_, d := admin.json("GET", "/api/v1/translations/versions/"+vid+"/diff", nil)
			if d["publishable"] != true || len(d["changes"].([]any)) < 2 || d["in_use"].(map[string]any)["id"].(float64) != mustFloat(id) {
				t.Errorf("API diff: %v", d)
			}
			if res, out := admin.json("POST", "/api/v1/translations/versions/"+vid+"/publish", nil); res.StatusCode != http.StatusOK || out["in_use"] != true {
				t.Errorf("API publish: %d %v", res.StatusCode, out)
			}
			res, body = clerk.get("/leaflets/es")
			if text := pdftest.Text(t, []byte(body)); !strings.Contains(text, "revisado") || strings.Contains(text, "Your rights as") {
				t.Errorf("reviewed leaflet not alone: %s", text)
			}
			if res, out := admin.json("POST", "/api/v1/translations/versions/"+vid+"/publish", nil); res.StatusCode != http.StatusConflict || out["code"] != "translation_published" {
				t.Errorf("second publish: %d %v", res.StatusCode, out)
			}
		})
	}
}

func mustFloat(s string) float64 {
	var f float64
	for _, r := range s {
		f = f*10 + float64(r-'0')
	}
	return f
}

// TestContactPages: an admin corrects a number; the leaflet prints it; the
// form keeps a refused list with the message beside the field.
func TestContactPages(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, interviewer := e.as("admin"), e.as("interviewer")
	res, body := interviewer.get("/contacts")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "2 511 64 64") || strings.Contains(body, `id="save-contacts"`) {
		t.Fatalf("interviewer's page: %d", res.StatusCode)
	}
	form := url.Values{}
	for i, c := range contracts.DefaultContacts() {
		p := "contacts[" + itoa64(int64(i)) + "]."
		form.Set(p+"key", c.Key)
		form.Set(p+"phone", c.Phone)
		form.Set(p+"web", c.Web)
	}
	form.Set("contacts[0].phone", "+32 2 511 64 99")
	form.Set("contacts[4].label", "Nouvelle ligne")
	form.Set("contacts[4].phone", "0800 abc")
	form.Set("source", "Checked on the centres' pages.")
	if res, _ := interviewer.postForm("/contacts", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("interviewer save: %d", res.StatusCode)
	}
	res, body = admin.postForm("/contacts", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "digits and spaces") || !strings.Contains(body, `value="Nouvelle ligne"`) {
		t.Fatalf("refused list: %d %s", res.StatusCode, body)
	}
	form.Set("contacts[4].phone", "0800 12 345")
	if res, _ := admin.postForm("/contacts", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	_, pdf := interviewer.get("/leaflets/nl")
	if text := pdftest.Text(t, []byte(pdf)); !strings.Contains(text, "+32 2 511 64 99") || !strings.Contains(text, "Nouvelle ligne") {
		t.Errorf("leaflet: %s", text)
	}
	_, out := interviewer.json("GET", "/api/v1/contacts", nil)
	if vs := out["versions"].([]any); len(vs) != 2 || vs[0].(map[string]any)["in_use"] != true {
		t.Errorf("API history: %v", out)
	}
}

// TestLeafletLanguageMustExist: the interview's "leaflet handed over in …"
// is a choice among the languages the leaflet exists in, offered best first
// for the worker, and the server refuses any other, page and API alike.
func TestLeafletLanguageMustExist(t *testing.T) {
	e := newEnv(t, store.SQLite)
	ctx := context.Background()
	h := newHousehold(t, e)
	iv, err := e.store.Interviews.Book(ctx, e.actor("clerk"), h.apps[0], models.InterviewBooking{InterviewerID: e.users["interviewer"].ID,
		At: time.Now().Add(time.Minute), Room: "Egmont 0.14", Interpreter: &models.Interpreter{Language: "tl", NameOrService: "FPS interpreting service"}})
	must(t, err)
	interviewer := e.as("interviewer")
	page := "/interviews/" + itoa64(iv.ID) + "/record"
	_, body := interviewer.get(page)
	if !strings.Contains(body, `<select id="attestations.leaflet_language"`) || !strings.Contains(body, `<option value="tl" selected>`) {
		t.Errorf("the leaflet's language is not a choice with the worker's (tl) chosen: %s", body)
	}
	for _, bad := range []string{"Tagalog", "pl", "xx"} {
		form := recordForm(time.Now().Add(-time.Minute))
		form.Set("attestations.leaflet_language", bad)
		res, body := interviewer.postForm(page, form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "does not exist in "+bad) {
			t.Errorf("leaflet in %q: %d", bad, res.StatusCode)
		}
	}
	form := recordForm(time.Now().Add(-time.Minute))
	form.Set("attestations.leaflet_language", "fil") // Filipino is Tagalog, recorded by its code
	if res, _ := interviewer.postForm(page, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("leaflet in fil: %d", res.StatusCode)
	}
	got, err := e.store.Interviews.Get(ctx, e.actor("interviewer"), iv.ID)
	must(t, err)
	if got.Attestations.LeafletLanguage != "tl" {
		t.Errorf("recorded leaflet language: %+v", got.Attestations)
	}
}
