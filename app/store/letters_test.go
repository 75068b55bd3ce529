package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestLetters: a letter is allowed only when the file gives it something to
// say, is numbered in sequence, kept with its application as generated,
// and never rewritten.
func TestLetters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		draft, err := s.Applications.Open(ctx, w.clerk, models.ApplicationFirstIssuance, w.employment.ID, nil)
		must(t, err)
		kinds, err := s.Letters.Allowed(ctx, w.clerk, draft.ID)
		must(t, err)
		if len(kinds) != 1 || kinds[0] != models.LetterDocumentsMissing {
			t.Errorf("letters for a draft missing documents: %v", kinds)
		}
		first, err := s.Letters.Generate(ctx, w.clerk, draft.ID, models.LetterDocumentsMissing, "nl", brussels)
		must(t, err)
		second, err := s.Letters.Generate(ctx, w.clerk, draft.ID, models.LetterDocumentsMissing, "de", brussels)
		must(t, err)
		if first.Number != "NV/2026/000001" || second.Number != "NV/2026/000002" {
			t.Errorf("numbers %s, %s", first.Number, second.Number)
		}
		if _, err := s.Letters.Generate(ctx, w.clerk, draft.ID, models.LetterSummons, "fr", brussels); models.ErrorCode(err) != models.CodeLetterNotNow {
			t.Errorf("summons without a booking: %v", err)
		}
		if _, err := s.Letters.Generate(ctx, w.interviewer, draft.ID, models.LetterDocumentsMissing, "fr", brussels); models.ErrorKind(err) != models.KindForbidden {
			t.Errorf("interviewer writing a letter: %v", err)
		}
		list, err := s.Letters.List(ctx, w.interviewer, draft.ID)
		must(t, err)
		if len(list) != 2 || list[0].ID != second.ID {
			t.Errorf("letters listed: %+v", list)
		}
		_, pdf, err := s.Letters.PDF(ctx, w.clerk, first.ID)
		must(t, err)
		if len(pdf) < 100 || string(pdf[:5]) != "%PDF-" {
			t.Errorf("letter PDF: %d bytes", len(pdf))
		}
		if err := s.DB().Exec("UPDATE letters SET language = 'en' WHERE id = ?", first.ID).Error; err == nil {
			t.Error("a letter was rewritten")
		}

		// A summons letter once the interview is booked.
		id := w.submittedAnew(t, "Cruz", "P5000001")
		_, err = s.Interviews.Schedule(ctx, w.clerk, id, w.interviewer.UserID(), w.now.Add(26*time.Hour), "Egmont II, room 0.14")
		must(t, err)
		if _, err := s.Letters.Generate(ctx, w.clerk, id, models.LetterSummons, "fr", brussels); err != nil {
			t.Errorf("summons letter: %v", err)
		}
	})
}
