package store_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// photoPNG is a portrait PNG large enough to print, its colour set by shade.
func photoPNG(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 400))
	for y := range 400 {
		for x := range 300 {
			img.Set(x, y, color.RGBA{shade, uint8(x), uint8(y), 255})
		}
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return b.Bytes()
}

// TestProductionExportQueries: the producer's export reads in as many
// queries for three cards as for one (no round per card), and each card
// keeps its own worker, employer, mission and photo: its application's,
// or else its worker's latest.
func TestProductionExportQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		reads := countReads(t, s)
		exportReads := func(want int) (int64, []store.CardProduction) {
			t.Helper()
			before := reads.Load()
			ps, err := s.Cards.ProductionList(ctx, w.clerk)
			must(t, err)
			if len(ps) != want {
				t.Fatalf("%d card(s) exported, want %d", len(ps), want)
			}
			return reads.Load() - before, ps
		}
		issue := func(job models.Employment, photo []byte) (int64, int64) {
			t.Helper()
			id := w.submittedFor(t, job)
			var docID int64
			if photo != nil {
				d, err := s.Applications.AttachDocument(ctx, w.clerk, id, models.DocWorkerPhoto, "photo.png", photo)
				must(t, err)
				docID = d.ID
			}
			w.interviewed(t, id, true, models.OutcomeCleared)
			_, err := s.Cards.Issue(ctx, w.clerk, id)
			must(t, err)
			return id, docID
		}
		_, photo1 := issue(w.employment, photoPNG(t, 10))
		one, _ := exportReads(1)
		job2 := w.otherEmployment(t, "Cruz", "P7654321")
		_, photo2 := issue(job2, photoPNG(t, 20))
		job3 := w.otherEmployment(t, "Bautista", "P1122334")
		_, _ = issue(job3, nil) // no photo yet
		three, ps := exportReads(3)
		t.Logf("reads of the export: %d for 1 card, %d for 3 cards", one, three)
		if three != one {
			t.Errorf("the export of 3 cards ran %d reads, of 1 card %d: a round per card", three, one)
		}
		for i, want := range []struct {
			worker, employer int64
			photo            int64
		}{{w.worker.ID, w.employer.ID, photo1}, {job2.WorkerID, job2.EmployerID, photo2}, {job3.WorkerID, job3.EmployerID, 0}} {
			p := ps[i]
			var got int64
			if p.Photo != nil {
				got = p.Photo.ID
			}
			if p.Worker.ID != want.worker || p.Employer.ID != want.employer || p.Employer.Mission.ID != w.mission.ID || got != want.photo {
				t.Errorf("card %d: worker %d employer %d mission %d photo %d; want %d %d %d %d", i, p.Worker.ID, p.Employer.ID,
					p.Employer.Mission.ID, got, want.worker, want.employer, w.mission.ID, want.photo)
			}
		}
		// One card's layout: the photo's bytes come with it.
		p, err := s.Cards.Production(ctx, w.clerk, ps[1].Card.ID)
		must(t, err)
		if p.Photo == nil || p.Photo.ID != photo2 || !bytes.Equal(p.Content, photoPNG(t, 20)) {
			t.Errorf("layout of card 2: photo %+v, %d bytes", p.Photo, len(p.Content))
		}
		// A card with no photo of its worker has no layout to print.
		if _, err := s.Cards.Production(ctx, w.clerk, ps[2].Card.ID); models.ErrorCode(err) != models.CodePhotoMissing {
			t.Errorf("layout of a card without photo: %v", err)
		}
	})
}
