package app_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/store/storetest"
)

// TestPasswordFormRefusesCommonAndIsThrottled: the password page names a
// common password as such, in the user's language, and after five wrong
// current passwords refuses even the right one, as the sign-in does.
func TestPasswordFormRefusesCommonAndIsThrottled(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, engine)
			c := e.as("clerk")
			c.get("/password")
			res, body := c.postForm("/password", url.Values{"current_password": {testPassword}, "new_password": {"Password2024!"}, "confirm_password": {"Password2024!"}})
			if res.StatusCode != 422 || !strings.Contains(body, "published list of passwords that attackers try first") || strings.Contains(body, "Password2024!") {
				t.Errorf("common password: %d %.300s", res.StatusCode, body)
			}
			if res, _ := c.postForm("/language", url.Values{"lang": {"fr"}, "next": {"/password"}}); res.StatusCode != 303 {
				t.Fatalf("language: %d", res.StatusCode)
			}
			if _, body := c.postForm("/password", url.Values{"current_password": {testPassword}, "new_password": {"dragondragon"}, "confirm_password": {"dragondragon"}}); !strings.Contains(body, "liste publiée des mots de passe") {
				t.Errorf("common password, in French: %.300s", body)
			}
			for range 5 {
				c.postForm("/password", url.Values{"current_password": {"not my password at all"}, "new_password": {"my own new password"}, "confirm_password": {"my own new password"}})
			}
			res, body = c.postForm("/password", url.Values{"current_password": {testPassword}, "new_password": {"my own new password"}, "confirm_password": {"my own new password"}})
			if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Trop de tentatives") {
				t.Errorf("right current password after five wrong ones: %d %q %.300s", res.StatusCode, res.Header.Get("Retry-After"), body)
			}
		})
	}
}
