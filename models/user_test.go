package models

import "testing"

func TestNewUserValidate(t *testing.T) {
	ok := NewUser{Email: "a.b@diplomatie.belgium.be", Name: "Anne B", Roles: []Role{RoleClerk}}
	cases := []struct {
		name   string
		modify func(*NewUser)
		fields map[string]string
	}{
		{"valid", func(*NewUser) {}, nil},
		{"several roles", func(n *NewUser) { n.Roles = Roles }, nil},
		{"empty email", func(n *NewUser) { n.Email = "" }, map[string]string{"email": "required"}},
		{"not an address", func(n *NewUser) { n.Email = "anne" }, map[string]string{"email": "invalid_email"}},
		{"display-name form", func(n *NewUser) { n.Email = "Anne <a@b.be>" }, map[string]string{"email": "invalid_email"}},
		{"no domain dot", func(n *NewUser) { n.Email = "a@localhost" }, map[string]string{"email": "invalid_email"}},
		{"blank name", func(n *NewUser) { n.Name = "  " }, map[string]string{"name": "required"}},
		{"no role", func(n *NewUser) { n.Roles = nil }, map[string]string{"roles": "required"}},
		{"unknown role", func(n *NewUser) { n.Roles = []Role{"pilot"} }, map[string]string{"roles": "invalid_role"}},
		{"unknown locale", func(n *NewUser) { n.Locale = "de" }, map[string]string{"locale": "invalid_locale"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := ok
			c.modify(&n)
			err := n.Validate()
			if c.fields == nil {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			e, isDomain := err.(*Error)
			if !isDomain || e.Kind != KindInvalid {
				t.Fatalf("want invalid input, got %v", err)
			}
			for field, code := range c.fields {
				if f, found := e.Field(field); !found || f.Code != code {
					t.Errorf("field %s: %+v, want code %s", field, f, code)
				}
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	cases := []struct {
		pw, email, code string
	}{
		{"correct horse battery", "a@b.be", ""},
		{"short", "a@b.be", "password_too_short"},
		{"ééééééééééé", "a@b.be", "password_too_short"}, // 11 characters, 22 bytes
		{"éééééééééééé", "a@b.be", ""},
		{string(make([]byte, 300)), "a@b.be", "password_too_long"},
		{"Anne.Long@b.be", "anne.long@b.be", "password_is_email"},
		{"common but long", "a@b.be", "password_common"},
	}
	common := func(pw string) bool { return pw == "common but long" }
	for _, c := range cases {
		err := ValidatePassword(c.pw, c.email, common)
		if got := fieldCode(err, "password"); got != c.code {
			t.Errorf("ValidatePassword(%q): %q, want %q", c.pw, got, c.code)
		}
	}
}

func fieldCode(err error, field string) string {
	e, ok := err.(*Error)
	if !ok {
		return ""
	}
	f, _ := e.Field(field)
	return f.Code
}

func TestCanDeactivate(t *testing.T) {
	admin := &User{ID: 1, Active: true, Roles: []Role{RoleAdmin}}
	clerk := &User{ID: 2, Active: true, Roles: []Role{RoleClerk}}
	gone := &User{ID: 3, Active: false, Roles: []Role{RoleClerk}}
	cases := []struct {
		name   string
		actor  Actor
		target *User
		reason string
		code   string
	}{
		{"admin with reason", Actor{User: admin}, clerk, "left", ""},
		{"without reason", Actor{User: admin}, clerk, " ", "invalid_input"},
		{"self", Actor{User: admin}, admin, "x", "cannot_deactivate_self"},
		{"already inactive", Actor{User: admin}, gone, "x", "already_inactive"},
		{"clerk cannot", Actor{User: clerk}, gone, "x", "forbidden"},
		{"anonymous cannot", Actor{}, clerk, "x", "unauthenticated"},
		{"command line may", System("cli"), clerk, "x", ""},
	}
	for _, c := range cases {
		err := CanDeactivate(c.actor, c.target, c.reason)
		got := ""
		if err != nil {
			got = ErrorCode(err)
		}
		if got != c.code {
			t.Errorf("%s: %q, want %q", c.name, got, c.code)
		}
	}
}
