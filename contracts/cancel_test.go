package contracts

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countdown is a context that ends after its Err has been asked n times,
// and counts how often it is asked: a document that stops working asks no
// more.
type countdown struct {
	context.Context
	n, asked atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.asked.Add(1) > c.n.Load() {
		return context.Canceled
	}
	return nil
}

// longSample is the sample contract with every free-text field at the
// length the application allows (app/contracts.go).
func longSample() Snapshot {
	s := sample()
	s.SecondLanguage = "fr"
	s.Duties = strings.Repeat("Cleaning, cooking and looking after the children of the household. ", 30)[:2000]
	s.Workplace = strings.Repeat("Avenue Louise 1, 1050 Brussels ", 20)[:500]
	s.Employer.Address = s.Workplace
	s.Worker.Address = s.Workplace
	s.ForeignSocialSecurity = strings.Repeat("Philippine Social Security System ", 40)[:1000]
	return s
}

// TestGenerationStopsWhenTheContextEnds: a contract, a summons and a
// leaflet whose context ends midway return the context's error, no
// document, and do no more work (the context is not asked again); a context
// that never ends gives the document.
func TestGenerationStopsWhenTheContextEnds(t *testing.T) {
	docs := map[string]func(ctx context.Context) ([]byte, error){
		"contract": func(ctx context.Context) ([]byte, error) { return GenerateContext(ctx, longSample()) },
		"summons": func(ctx context.Context) ([]byte, error) {
			b, _, err := SummonsContext(ctx, SummonsData{Reference: "CD-INT-000001", WorkerName: "Maria Santos", Languages: []string{"tl"},
				At: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Place: "Room 2.14", Contact: "+32 2 501 81 11"})
			return b, err
		},
		"leaflet": func(ctx context.Context) ([]byte, error) { return LeafletContext(ctx, LeafletData{Language: "am"}) },
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			full := newCountdown(1 << 40)
			b, err := doc(full)
			if err != nil || len(b) == 0 {
				t.Fatalf("uncancelled: %d bytes, %v", len(b), err)
			}
			checks := full.asked.Load()
			if checks < 10 {
				t.Fatalf("the context was asked %d times: too seldom to stop the work early", checks)
			}
			for _, after := range []int64{0, 1, checks / 2} {
				ctx := newCountdown(after)
				b, err := doc(ctx)
				if !errors.Is(err, context.Canceled) || b != nil {
					t.Errorf("ended after %d checks: %d bytes, %v", after, len(b), err)
				}
				// Once it has seen the end, the writer asks no more: it
				// stopped, rather than finishing the document unseen.
				if got := ctx.asked.Load(); got != after+1 {
					t.Errorf("ended after %d checks: asked %d times", after, got)
				}
			}
		})
	}
}

// TestLongestContractIsBounded: a contract with every field at its limit,
// in two languages, is drawn up within seconds (the issue saw 23 s for one
// 400 KB field before the limits).
func TestLongestContractIsBounded(t *testing.T) {
	start := time.Now()
	b, err := Generate(longSample())
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the longest contract took %s", d)
	}
	t.Logf("longest contract: %d bytes in %s", len(b), time.Since(start))
}
