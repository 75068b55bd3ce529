// Package demo loads a small, realistic data set so that a newcomer running
// `carddesk serve --demo` sees the whole workflow at once. It only ever runs
// with --demo: without it, no known password exists.
package demo

import (
	"context"
	"fmt"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// Login is a demo account.
type Login struct {
	Role     models.Role
	Email    string
	Name     string
	Password string
	// TOTPSecret is the second factor the demo enrols the account with,
	// for the roles that require one by default (interviewer, admin): a
	// newcomer adds it to an authenticator app, or prints the current code
	// with `carddesk user totp-code --secret S` (the demo's secrets are
	// public, like its passwords).
	TOTPSecret string
}

// Logins lists the demo accounts, one per role.
func Logins() []Login {
	return []Login{
		{models.RoleClerk, "clerk@demo.carddesk.test", "Claire Dubois", "demo-clerk-password", ""},
		{models.RoleInterviewer, "interviewer@demo.carddesk.test", "Ingrid Peeters", "demo-interviewer-password", "JBSWY3DPEHPK3PXPINTERVIEWERDEMO2"},
		{models.RoleAdmin, "admin@demo.carddesk.test", "Amaury Lambert", "demo-admin-password", "JBSWY3DPEHPK3PXPADMINISTRATORDM2"},
		{models.RoleOversight, "oversight@demo.carddesk.test", "Odile Martens", "demo-oversight-password", ""},
	}
}

var system = models.System("demo")

// Load creates the demo data on first run and returns the accounts it made;
// on a database that already has accounts it does nothing and returns none.
func Load(ctx context.Context, st *store.Store) ([]Login, error) {
	n, err := st.Users.Count(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	logins := Logins()
	users := map[models.Role]*models.User{}
	for _, l := range logins {
		u, _, err := st.Users.Create(ctx, system, models.NewUser{Email: l.Email, Name: l.Name, Roles: []models.Role{l.Role}}, l.Password)
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", l.Email, err)
		}
		users[l.Role] = u
		if l.TOTPSecret != "" {
			if _, err := st.TwoFactor.EnrolWithSecret(ctx, system, u.ID, l.TOTPSecret); err != nil {
				return nil, fmt.Errorf("demo second factor of %s: %w", l.Email, err)
			}
		}
	}
	// A second clerk: the one who issues must not be the one who interviewed,
	// and demo records are easier to follow with two clerks.
	if err := loadRecords(ctx, st, users[models.RoleClerk], users[models.RoleInterviewer], users[models.RoleAdmin]); err != nil {
		return nil, err
	}
	return logins, nil
}
