package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app"
	"github.com/carddesk/carddesk/app/store/storetest"
	"github.com/carddesk/carddesk/models"
)

// TestOneAddressDoesNotLockEveryAccountOut: with the default settings (the
// request limiter at CARDDESK_LOGIN_RATE's default included), 20 failed
// sign-ins from one address for one account leave a colleague's right
// password, from the same address, working; the guessed account is refused.
func TestOneAddressDoesNotLockEveryAccountOut(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			st := storetest.Open(t, engine)
			a, err := app.New(app.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st)
			if err != nil {
				t.Fatal(err)
			}
			e := &env{t: t, store: st, app: a, srv: httptest.NewServer(a.Handler()), users: map[string]*models.User{}}
			t.Cleanup(e.srv.Close)
			for _, r := range []models.Role{models.RoleClerk, models.RoleAdmin} {
				if _, _, err := st.Users.Create(context.Background(), system, models.NewUser{Email: string(r) + "@example.be",
					Name: "Test " + string(r), Roles: []models.Role{r}}, testPassword); err != nil {
					t.Fatal(err)
				}
			}
			guesser := e.anonymous()
			for i := range 20 {
				res, body := guesser.postForm("/login", url.Values{"email": {"clerk@example.be"}, "password": {"wrong guess"}})
				if res.StatusCode >= 500 || (i >= 5 && !strings.Contains(body, "Too many failed attempts")) {
					t.Fatalf("failure %d: %d", i+1, res.StatusCode)
				}
			}
			if res, _ := e.anonymous().postForm("/login", url.Values{"email": {"admin@example.be"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
				t.Errorf("a colleague's right password from the same address answered %d, want 303", res.StatusCode)
			}
			if res, _ := e.anonymous().postForm("/login", url.Values{"email": {"clerk@example.be"}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
				t.Errorf("the guessed account's right password answered %d, want 429", res.StatusCode)
			}
		})
	}
}
