package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/contracts/pdftest"
	"github.com/carddesk/carddesk/models"
)

func embedded(t *testing.T, lang string) string {
	t.Helper()
	b, ok := contracts.EmbeddedText(lang)
	if !ok {
		t.Fatalf("no embedded %s", lang)
	}
	return string(b)
}

// TestTranslationLifecycle: the release's files are version 1 of every
// language; an admin uploads a corrected Spanish text, compares it with the
// one in use, publishes it, and the leaflet prints it; every step audited.
func TestTranslationLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		langs, err := s.Translations.Languages(ctx, w.clerk)
		must(t, err)
		for _, l := range langs {
			if l.InUse == nil || l.InUse.Publication != 1 || l.InUse.Source != models.SourceRelease {
				t.Fatalf("%s after migration: %+v", l.Language.Code, l.InUse)
			}
		}
		byCode := map[string]store.TranslationLanguage{}
		for _, l := range langs {
			byCode[l.Language.Code] = l
		}
		if fr := byCode["fr"].InUse; fr.Review != models.ReviewOriginal || fr.Translator == "" {
			t.Errorf("fr seed: %+v", fr)
		}
		if es := byCode["es"].InUse; es.Review != models.ReviewNone || es.Documents != "leaflet,summons,contract" {
			t.Errorf("es seed: %+v", es)
		}
		if n, err := s.Translations.Seed(ctx); err != nil || n != 0 {
			t.Errorf("second seed: %d %v", n, err)
		}

		// Uploads: a clerk may not; a broken file is refused with why.
		good := strings.Replace(embedded(t, "es"), "Sus derechos como", "Todos sus derechos como", 1)
		up := store.TranslationUpload{Language: "es", Content: []byte(good),
			Credit: models.TranslationCredit{Translator: "M. Ruiz", ReviewedBy: "J. García, traductora jurada", Sworn: true},
			Note:   "Corrected title after the helpline's remarks."}
		if _, err := s.Translations.Upload(ctx, w.clerk, up); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk upload: %v", err)
		}
		bad := up
		bad.Content = []byte(strings.Replace(good, "{minimum}", "{minimo}", 1))
		if _, err := s.Translations.Upload(ctx, w.admin, bad); !fieldIs(err, "file", "invalid_text_file") {
			t.Errorf("broken placeholders: %v", err)
		}
		noReviewer := up
		noReviewer.Credit.ReviewedBy = ""
		if _, err := s.Translations.Upload(ctx, w.admin, noReviewer); !fieldIs(err, "reviewed_by", "required") {
			t.Errorf("sworn without a reviewer: %v", err)
		}
		v, err := s.Translations.Upload(ctx, w.admin, up)
		must(t, err)
		if v.Status != models.TranslationDraft || v.Review != models.ReviewSworn {
			t.Fatalf("uploaded: %+v", v)
		}

		// Before publication the leaflet still prints the text in use.
		leaflet := func() string {
			b, err := s.Translations.Leaflet(ctx, "es")
			must(t, err)
			return pdftest.Text(t, b)
		}
		if text := leaflet(); strings.Contains(text, "Todos sus derechos") || !strings.Contains(text, "Your rights as") {
			t.Fatalf("draft printed: %s", text)
		}
		d, err := s.Translations.Diff(ctx, w.clerk, v.ID)
		must(t, err)
		keys := map[string]contracts.TextChange{}
		for _, c := range d.Changes {
			keys[c.Key] = c
		}
		if c, ok := keys["leaflet.title"]; !ok || c.NewPart != "Todos sus" || c.OldPart != "Sus" {
			t.Errorf("diff: %+v", d.Changes)
		}
		if _, ok := keys["status"]; !ok || d.CanPublish != nil || d.InUse == nil || d.InUse.Publication != 1 {
			t.Errorf("diff misses the review, or refuses: %+v %v", d.Changes, d.CanPublish)
		}
		if _, err := s.Translations.Publish(ctx, w.clerk, v.ID); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk publish: %v", err)
		}
		pub, err := s.Translations.Publish(ctx, w.admin, v.ID)
		must(t, err)
		if pub.Publication != 2 {
			t.Errorf("publication %d", pub.Publication)
		}
		// Reviewed by a sworn translator: printed alone, with the new title.
		if text := leaflet(); !strings.Contains(text, "Todos sus derechos") || strings.Contains(text, "Your rights as") {
			t.Errorf("published version not printed alone: %s", text)
		}
		if _, err := s.Translations.Publish(ctx, w.admin, v.ID); models.ErrorCode(err) != "translation_published" {
			t.Errorf("second publish: %v", err)
		}
		// The same file again is nothing new.
		again, err := s.Translations.Upload(ctx, w.admin, up)
		must(t, err)
		if _, err := s.Translations.Publish(ctx, w.admin, again.ID); models.ErrorCode(err) != "translation_unchanged" {
			t.Errorf("identical publish: %v", err)
		}
		must(t, s.Translations.Discard(ctx, w.admin, again.ID))
		if _, err := s.Translations.Publish(ctx, w.admin, again.ID); models.ErrorCode(err) != "translation_discarded" {
			t.Errorf("publishing a discarded draft: %v", err)
		}
		if err := s.Translations.Discard(ctx, w.admin, v.ID); models.ErrorCode(err) != "translation_published" {
			t.Errorf("discard published: %v", err)
		}
		// A file without the contract text may not replace one with it.
		src := embedded(t, "es")
		noContract := src[:strings.Index(src, "\n[contract]\n")]
		short := up
		short.Content = []byte(noContract)
		sv, err := s.Translations.Upload(ctx, w.admin, short)
		must(t, err)
		if _, err := s.Translations.Publish(ctx, w.admin, sv.ID); models.ErrorCode(err) != "translation_drops_document" {
			t.Errorf("dropping the contract: %v", err)
		}

		events, err := s.Audit.Events(ctx, w.admin, models.AuditFilter{RecordType: "translation"})
		must(t, err)
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		for _, want := range []string{"translation.seeded", "translation.uploaded", "translation.published", "translation.discarded"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}

		// A later release's file: over an uploaded text it waits as a draft;
		// over a release's text it is published.
		newer := map[string][]byte{
			"es": []byte(strings.Replace(src, "Sus derechos como", "Release 2: sus derechos como", 1)),
			"pt": []byte(strings.Replace(embedded(t, "pt"), "[leaflet]", "[leaflet]\n# release 2", 1)),
		}
		n, err := s.Translations.SeedFrom(ctx, newer)
		must(t, err)
		if n != 2 {
			t.Errorf("seeded %d", n)
		}
		es, err := s.Translations.Versions(ctx, w.admin, "es")
		must(t, err)
		if es[0].Source != models.SourceRelease || !es[0].Draft() || es[0].InUse {
			t.Errorf("release file over an upload: %+v", es[0])
		}
		// Discarded, the release's draft is kept and not offered again.
		must(t, s.Translations.Discard(ctx, w.admin, es[0].ID))
		if n, err := s.Translations.SeedFrom(ctx, newer); err != nil || n != 0 {
			t.Errorf("seeding again after a discard: %d %v", n, err)
		}
		pt, err := s.Translations.Versions(ctx, w.admin, "pt")
		must(t, err)
		if pt[0].Publication != 2 || !pt[0].InUse {
			t.Errorf("release file over a release file: %+v", pt[0])
		}
	})
}

// TestTranslationVersionsInDatabase: the database itself refuses to change
// or delete a published version, to edit a draft's text, and a publication
// out of sequence.
func TestTranslationVersionsInDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		db := s.DB().WithContext(ctx)
		var id int64
		must(t, db.Raw("SELECT id FROM translation_versions WHERE language = 'am' AND status = 'published'").Scan(&id).Error)
		for _, stmt := range []string{
			"UPDATE translation_versions SET content = 'x' WHERE id = ?",
			"UPDATE translation_versions SET status = 'draft', publication = 0, published_at = NULL WHERE id = ?",
			"DELETE FROM translation_versions WHERE id = ?",
		} {
			if err := db.Exec(stmt, id).Error; err == nil {
				t.Errorf("%s: accepted", stmt)
			}
		}
		up := store.TranslationUpload{Language: "am", Content: []byte(strings.Replace(embedded(t, "am"), "[leaflet]", "[leaflet]\n# v2", 1)),
			Credit: models.TranslationCredit{Translator: "T. Bekele"}, Note: "v2"}
		v, err := s.Translations.Upload(ctx, w.admin, up)
		must(t, err)
		if err := db.Exec("UPDATE translation_versions SET content = 'x' WHERE id = ?", v.ID).Error; err == nil {
			t.Error("a draft's text was edited")
		}
		if err := db.Exec("UPDATE translation_versions SET status = 'published', publication = 3, published_at = created_at WHERE id = ?", v.ID).Error; err == nil {
			t.Error("a publication skipped a number")
		}
		if err := db.Exec("UPDATE translation_versions SET review = 'original' WHERE id = ?", v.ID).Error; err == nil {
			t.Error("an Amharic text became an original")
		}
		if err := db.Exec("DELETE FROM contact_lists").Error; err == nil {
			t.Error("the contacts' history was deleted")
		}
	})
}

// TestHelplines: the contacts are the release's list first; an admin's new
// list prints on the leaflet, the old one stays in the history.
func TestHelplines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		h, err := s.Helplines.History(ctx, w.interviewer)
		must(t, err)
		if len(h) != 1 || !h[0].InUse {
			t.Fatalf("history: %+v", h)
		}
		want := contracts.DefaultContacts()
		if len(h[0].Contacts) != len(want) {
			t.Fatalf("seed %+v, want %+v", h[0].Contacts, want)
		}
		for i, c := range h[0].Contacts {
			if c.Key != want[i].Key || c.Phone != want[i].Phone || c.Web != want[i].Web || c.Label != want[i].Label {
				t.Errorf("seed contact %d: %+v, want %+v", i, c, want[i])
			}
		}
		list := append(h[0].Contacts, models.HelpContact{Label: "Sürya (Liège), new line", Phone: "+32 4 232 40 30"}, models.HelpContact{})
		list[0].Phone = "+32 2 511 64 65"
		if _, err := s.Helplines.Save(ctx, w.clerk, list, "checked"); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("clerk: %v", err)
		}
		if _, err := s.Helplines.Save(ctx, w.admin, list, " "); !fieldIs(err, "source", "required") {
			t.Errorf("no source: %v", err)
		}
		bad := append([]models.HelpContact{{Key: "pagasa", Phone: "call us"}}, list...)
		if _, err := s.Helplines.Save(ctx, w.admin, bad, "checked"); !fieldIs(err, "contacts[0].phone", "invalid_phone") || !fieldIs(err, "contacts[1].key", "duplicate_service") {
			t.Errorf("bad list: %v", err)
		}
		_, err = s.Helplines.Save(ctx, w.admin, list, "PAG-ASA's page, checked 1 Dec 2026")
		must(t, err)
		b, err := s.Translations.Leaflet(ctx, "fr")
		must(t, err)
		text := pdftest.Text(t, b)
		if !strings.Contains(text, "+32 2 511 64 65") || strings.Contains(text, "+32 2 511 64 64") || !strings.Contains(text, "new line") {
			t.Errorf("leaflet contacts: %s", text)
		}
		h, err = s.Helplines.History(ctx, w.admin)
		must(t, err)
		if len(h) != 2 || !h[0].InUse || h[1].InUse || h[0].CreatedByName == "" || len(h[0].Contacts) != 5 {
			t.Errorf("history after saving: %+v", h)
		}
	})
}

func fieldIs(err error, field, code string) bool {
	var de *models.Error
	if !errors.As(err, &de) {
		return false
	}
	f, ok := de.Field(field)
	return ok && f.Code == code
}
