package app_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestSessionSharedAcrossInstances: two Carddesk instances behind a load
// balancer share sessions through PostgreSQL, and a logout on one ends the
// session on the other.
func TestSessionSharedAcrossInstances(t *testing.T) {
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

	c := one.as("admin")
	// Same browser, second instance: copy the cookies across (the servers
	// differ by port only, which cookie jars ignore, but be explicit).
	u1, _ := url.Parse(one.srv.URL)
	u2, _ := url.Parse(two.srv.URL)
	c.http.Jar.SetCookies(u2, c.http.Jar.Cookies(u1))
	req, _ := http.NewRequest("GET", two.srv.URL+"/admin/users", nil)
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("session from instance one on instance two: %d", res.StatusCode)
	}
	var session *http.Cookie
	for _, ck := range c.http.Jar.Cookies(u1) {
		if ck.Name == "carddesk_session" {
			session = ck
		}
	}
	// Sign out on instance two; instance one no longer knows the session.
	form := url.Values{"_csrf": {c.csrf}}
	res, err = c.http.PostForm(two.srv.URL+"/logout", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout on two: %d", res.StatusCode)
	}
	// Replay the old cookie on instance one, as a stolen copy would be.
	req, _ = http.NewRequest("GET", one.srv.URL+"/admin/users", nil)
	req.AddCookie(session)
	res, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("session still valid on one after logout on two: %d", res.StatusCode)
	}
}
