package app_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/sealed"
	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestSealedFieldsUnreadable: an interview's sealed fields (here the
// referral's contact) that the configured key cannot open show, in the
// reader's language, that they cannot be opened, never the sealed bytes and
// never an error page; with the right key they read as written.
func TestSealedFieldsUnreadable(t *testing.T) {
	opts := storetest.Options(t, store.SQLite)
	st, err := store.Open(context.Background(), opts)
	mustDo(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = st.Migrate(context.Background())
	mustDo(t, err)
	e := newEnvOn(t, st, true)
	f := apiFile{mission: "Embassy of Kenya", employerFamily: "Otieno", workerFamily: "Wanjiru", workerGiven: "Grace", passport: "KE1234567"}
	sc := newAPIScenario(e)
	sc.run(t, append(f.submitted(), interviewed("interviewer", "interviewer", true, "referral")...))
	page := "/interviews/" + itoa64(sc.ids["interview"])
	if _, body := e.as("interviewer").get(page); !strings.Contains(body, "Intake desk") {
		t.Fatalf("the contact does not read back: %.2000s", mainOf(body))
	}

	key := make([]byte, sealed.KeySize)
	rand.Read(key)
	other, err := sealed.New(key)
	mustDo(t, err)
	opts.Sealer = other
	st2, err := store.Open(context.Background(), opts)
	mustDo(t, err)
	t.Cleanup(func() { st2.Close() })
	e2 := newEnvOn(t, st2, false)
	e2.users, e2.lastStep = e.users, e.lastStep // one database: the codes already used stay used
	// The interviewer's TOTP secret is sealed with the first key too: an
	// operator enrols them again.
	e2.enrol(e.users["interviewer"])
	res, body := e2.as("interviewer").get(page)
	if res.StatusCode != 200 || !strings.Contains(body, "This note cannot be opened with the configured key.") ||
		strings.Contains(body, store.UnreadableText) || strings.Contains(body, "Intake desk") || strings.Contains(body, sealed.TextMarker) {
		t.Errorf("with another key: %d %.3000s", res.StatusCode, mainOf(body))
	}
}
