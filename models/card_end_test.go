package models

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"
)

// TestCardEnd: what may end a card in each status, the day's bounds, the
// reason's note, each event once; a return ends the card's service on the
// day it came back.
func TestCardEnd(t *testing.T) {
	today := lcDay(2026, 3, 10)
	issued := lcAt(2025, 6, 2, 10)
	card := func(st CardStatus) Card {
		at := issued.Add(time.Hour)
		return Card{ID: 9, Number: "S00000000903", IssuedAt: issued, ExpiresOn: lcDay(2026, 6, 1), Status: st, CollectedAt: &at}
	}
	returned := CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: lcDay(2026, 3, 1)}
	for _, tt := range []struct {
		name    string
		status  CardStatus
		end     CardEnd
		earlier []CardEnd
		code    string   // a conflict
		fields  []string // field:code
		after   CardStatus
	}{
		{"returned at the end of the posting", CardCollected, returned, nil, "", nil, CardReturned},
		{"an expired card comes back", CardExpired, CardEnd{Event: CardEndReturned, Reason: EndOfEmployment, On: today}, nil, "", nil, CardReturned},
		{"a lost card turns up", CardReportedLost, CardEnd{Event: CardEndReturned, Reason: EndLost, On: today}, nil, "", nil, CardReturned},
		{"a card never collected is cancelled, not returned", CardReadyForCollection, returned, nil, CodeActionNotAllowed, nil, CardReadyForCollection},
		{"a cancelled card is destroyed", CardCancelled, CardEnd{Event: CardEndDestroyed, Reason: EndReplaced, On: today}, nil, "", nil, CardCancelled},
		{"a returned card is destroyed", CardReturned, CardEnd{Event: CardEndDestroyed, Reason: EndOfPosting, On: today}, []CardEnd{returned}, "", nil, CardReturned},
		{"a card in use is not destroyed", CardCollected, CardEnd{Event: CardEndDestroyed, Reason: EndOfPosting, On: today}, nil, CodeCardNotHeld, nil, CardCollected},
		{"destroyed before it came back", CardReturned, CardEnd{Event: CardEndDestroyed, Reason: EndOfPosting, On: lcDay(2026, 2, 27)}, []CardEnd{returned}, "",
			[]string{"ended_on:before_return"}, CardReturned},
		{"destroyed twice", CardReturned, CardEnd{Event: CardEndDestroyed, Reason: EndOfPosting, On: today},
			[]CardEnd{returned, {Event: CardEndDestroyed, Reason: EndOfPosting, On: lcDay(2026, 3, 2)}}, CodeCardEndRecorded, nil, CardReturned},
		{"in the future", CardCollected, CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: today.AddDate(0, 0, 1)}, nil, "", []string{"ended_on:in_future"}, CardCollected},
		{"before the issue", CardCollected, CardEnd{Event: CardEndReturned, Reason: EndOfPosting, On: lcDay(2025, 6, 1)}, nil, "", []string{"ended_on:before_issue"}, CardCollected},
		{"other without a note, no day, no event", CardCollected, CardEnd{Reason: EndOther}, nil, "",
			[]string{"event:invalid_choice", "note:required", "ended_on:required"}, CardCollected},
		{"an unknown reason", CardCollected, CardEnd{Event: CardEndReturned, Reason: "posted_elsewhere", On: today}, nil, "", []string{"end_reason:invalid_choice"}, CardCollected},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := card(tt.status)
			got, err := c.End(tt.end, tt.earlier, today)
			switch {
			case tt.code != "":
				if ErrorCode(err) != tt.code {
					t.Fatalf("got %v, want %s", err, tt.code)
				}
			case tt.fields != nil:
				if codes := lcFieldCodes(t, err); !lcSameStrings(codes, tt.fields) {
					t.Fatalf("got %v, want %v", codes, tt.fields)
				}
			case err != nil:
				t.Fatal(err)
			}
			if c.Status != tt.after {
				t.Errorf("status %s, want %s", c.Status, tt.after)
			}
			if err == nil && got.Event == CardEndReturned {
				p, ok := c.ServicePeriod(time.UTC)
				if !ok || !p.To.Equal(CalendarDay(tt.end.On)) || c.StatusChangedAt == nil {
					t.Errorf("service period %v %v, want to end on %s", p, ok, tt.end.On.Format(time.DateOnly))
				}
			}
		})
	}
	// A renewal cannot follow a returned card.
	c := card(CardCollected)
	if _, err := c.End(returned, nil, today); err != nil {
		t.Fatal(err)
	}
	id := c.ID
	app := Application{Kind: ApplicationRenewal, WorkerID: c.WorkerID, ReplacesCardID: &id}
	if err := ValidateReplacedCard(app, c); err == nil {
		t.Error("a returned card was renewed")
	}
}

func encoded(t *testing.T, w, h int, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := enc(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCheckPhoto: a photo is a JPEG or PNG by its content, decodes whole,
// is a portrait and large enough to print.
func TestCheckPhoto(t *testing.T) {
	pngOf := func(w, h int) []byte {
		return encoded(t, w, h, func(b *bytes.Buffer, i image.Image) error { return png.Encode(b, i) })
	}
	jpegOf := func(w, h int) []byte {
		return encoded(t, w, h, func(b *bytes.Buffer, i image.Image) error { return jpeg.Encode(b, i, nil) })
	}
	gif := append([]byte("GIF89a"), pngOf(300, 400)[6:]...)
	for _, tt := range []struct {
		name    string
		content []byte
		ct      string
		code    string
	}{
		{"a PNG portrait", pngOf(300, 400), ContentTypePNG, ""},
		{"a JPEG portrait", jpegOf(413, 531), ContentTypeJPEG, ""},
		{"square is not a portrait", pngOf(400, 399), "", CodePhotoPortrait},
		{"too small", jpegOf(299, 400), "", CodePhotoTooSmall},
		{"a PDF", []byte("%PDF-1.4 …"), "", CodePhotoType},
		{"a GIF", gif, "", CodePhotoType},
		{"empty", nil, "", CodeDocumentEmpty},
		{"a PNG cut short", pngOf(300, 400)[:200], "", CodePhotoDamaged},
		{"a JPEG header only", jpegOf(300, 400)[:400], "", CodePhotoDamaged},
		{"too large", append(pngOf(300, 400), make([]byte, MaxPhotoBytes)...), "", CodePhotoTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ct, err := CheckPhoto(tt.content)
			if tt.code == "" {
				if err != nil || ct != tt.ct {
					t.Fatalf("got %q %v, want %q", ct, err, tt.ct)
				}
				return
			}
			if codes := lcFieldCodes(t, err); len(codes) != 1 || codes[0] != "file:"+tt.code {
				t.Fatalf("got %v, want file:%s", codes, tt.code)
			}
		})
	}
	if !PhotoAttachable(DocWorkerPhoto, ApplicationCardReady) || PhotoAttachable(DocWorkerPhoto, ApplicationCollected) || PhotoAttachable(DocPassportCopy, ApplicationSubmitted) {
		t.Error("the photo is attachable from submission until the card is ready, and only the photo")
	}
}
