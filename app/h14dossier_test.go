package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestDossierAuthAcrossInstances: two Carddesk instances on one
// PostgreSQL database. The dossier read (GET /api/v1/workers/{id}) on the
// second costs two reads, the credential with its user and roles and the
// dossier, then one while the token is kept (credential_cache.go). A
// session signed out or an account deactivated on the first is refused on
// the very next request to the second; a token revoked or whose account is
// deactivated on the first, as soon as the database's notification reaches
// the second (within milliseconds; the test allows 2 s); a refused request
// reads no dossier.
func TestDossierAuthAcrossInstances(t *testing.T) {
	opts := storetest.Options(t, store.Postgres)
	open := func() *store.Store {
		s, err := store.Open(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return s
	}
	one := newEnvOn(t, open(), true)
	two := newEnvOn(t, open(), false)
	ctx := context.Background()
	clerk := models.Actor{User: one.users["clerk"], Via: "test"}
	worker := models.Worker{FamilyName: "Reyes", GivenNames: "Ana", DateOfBirth: time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC),
		Sex: models.SexFemale, Nationality: "PH", PassportNumber: "P1234567", PassportExpiresOn: time.Now().AddDate(3, 0, 0),
		ResidenceStatus: models.ResidenceSpecialIDPending, Languages: "tl,en", Phone: "+32470123456"}
	if err := one.store.Workers.Create(ctx, clerk, &worker); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/workers/" + itoa64(worker.ID)

	var reads atomic.Int64
	count := func(*gorm.DB) { reads.Add(1) }
	cb := two.store.DB().Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("test:count_query", count),
		cb.Row().After("gorm:row").Register("test:count_row", count),
		cb.Raw().After("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// read sends the dossier request to instance two with a bearer token
	// or a session cookie and returns the status and the reads it cost.
	read := func(bearer, session string) (int, int64) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, two.srv.URL+path, nil)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		if session != "" {
			req.AddCookie(&http.Cookie{Name: "carddesk_session", Value: session})
		}
		reads.Store(0)
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode == http.StatusOK {
			var got struct {
				ID         int64  `json:"id"`
				FamilyName string `json:"family_name"`
			}
			if err := json.Unmarshal(body, &got); err != nil || got.ID != worker.ID || got.FamilyName != "Reyes" {
				t.Errorf("dossier %s: %v", body, err)
			}
		}
		return res.StatusCode, reads.Load()
	}
	want := func(what string, status int, n int64, wantStatus int, wantReads int64) {
		t.Helper()
		if status != wantStatus || n != wantReads {
			t.Errorf("%s: %d in %d reads, want %d in %d", what, status, n, wantStatus, wantReads)
		}
	}

	// refusedSoon reads with the token until two refuses it, and says how
	// long that took after the change on one.
	refusedSoon := func(what, secret string) {
		t.Helper()
		start := time.Now()
		for {
			status, n := read(secret, "")
			if status == http.StatusUnauthorized {
				if n > 1 {
					t.Errorf("%s: refused in %d reads, want at most 1 (no dossier)", what, n)
				}
				t.Logf("%s: refused on two %v after the change on one", what, time.Since(start))
				return
			}
			if status != http.StatusOK || time.Since(start) > 2*time.Second {
				t.Fatalf("%s: still %d on two after %v", what, status, time.Since(start))
			}
			time.Sleep(time.Millisecond)
		}
	}
	// kept waits until two keeps the token: one read, the dossier's.
	kept := func(what, secret string) {
		t.Helper()
		start := time.Now()
		for {
			status, n := read(secret, "")
			if status != http.StatusOK {
				t.Fatalf("%s: %d", what, status)
			}
			if n == 1 {
				return
			}
			if time.Since(start) > 2*time.Second {
				t.Fatalf("%s: still %d reads after 2 s, want 1 once the token is kept", what, n)
			}
			time.Sleep(time.Millisecond)
		}
	}

	// A token revoked on one is refused on two.
	secret, tok, err := one.store.Auth.CreateToken(ctx, system, "clerk@example.be", "revoked")
	if err != nil {
		t.Fatal(err)
	}
	status, n := read(secret, "")
	want("token", status, n, http.StatusOK, 2)
	kept("token again", secret)
	if err := one.store.Auth.RevokeToken(ctx, system, tok.ID); err != nil {
		t.Fatal(err)
	}
	refusedSoon("revoked token", secret)

	// A session signed out on one is refused on two at once.
	sess, err := one.store.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: testPassword, IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	status, n = read("", sess.Token)
	want("session", status, n, http.StatusOK, 2)
	if err := one.store.Auth.Logout(ctx, clerk, sess.Token); err != nil {
		t.Fatal(err)
	}
	status, n = read("", sess.Token)
	want("signed-out session", status, n, http.StatusUnauthorized, 1)

	// An account deactivated on one: its token and its session are
	// refused on two at once.
	secret, _, err = one.store.Auth.CreateToken(ctx, system, "clerk@example.be", "deactivated")
	if err != nil {
		t.Fatal(err)
	}
	sess, err = one.store.Auth.Login(ctx, store.LoginRequest{Email: "clerk@example.be", Password: testPassword, IP: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	kept("token before deactivation", secret)
	status, n = read("", sess.Token)
	want("session before deactivation", status, n, http.StatusOK, 2)
	if err := one.store.Users.Deactivate(ctx, models.Actor{User: one.users["admin"], Via: "test"}, one.users["clerk"].ID, "left the Directorate"); err != nil {
		t.Fatal(err)
	}
	status, n = read("", sess.Token)
	want("session of a deactivated account", status, n, http.StatusUnauthorized, 1)
	refusedSoon("token of a deactivated account", secret)
}
