package models

import "testing"

func TestTOTPPolicyRequires(t *testing.T) {
	cases := []struct {
		name   string
		policy TOTPPolicy
		roles  []Role
		want   bool
	}{
		{"clerk by default", nil, []Role{RoleClerk}, false},
		{"interviewer by default", nil, []Role{RoleInterviewer}, true},
		{"admin by default", nil, []Role{RoleAdmin}, true},
		{"clerk and interviewer by default", nil, []Role{RoleClerk, RoleInterviewer}, true},
		{"no role", nil, nil, false},
		{"clerk required by an admin", TOTPPolicy{RoleClerk: true}, []Role{RoleClerk}, true},
		{"admin no longer required", TOTPPolicy{RoleAdmin: false}, []Role{RoleAdmin}, false},
		{"one requiring role is enough", TOTPPolicy{RoleAdmin: false, RoleInterviewer: true}, []Role{RoleAdmin, RoleInterviewer}, true},
	}
	for _, c := range cases {
		if got := c.policy.Requires(c.roles); got != c.want {
			t.Errorf("%s: Requires = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestNextSignInStep(t *testing.T) {
	cases := []struct {
		enrolled, required bool
		want               SecondFactorStep
	}{
		{false, false, StepNone},
		{false, true, StepEnrol},
		{true, false, StepCode},
		{true, true, StepCode},
	}
	for _, c := range cases {
		if got := NextSignInStep(c.enrolled, c.required); got != c.want {
			t.Errorf("enrolled %v required %v: %q, want %q", c.enrolled, c.required, got, c.want)
		}
	}
	if StepNone.Valid() || !StepCode.Valid() || !StepEnrol.Valid() || SecondFactorStep("x").Valid() {
		t.Error("Valid")
	}
}

func TestNormalizeSecondFactorCode(t *testing.T) {
	cases := []struct {
		in, want string
		kind     TOTPCodeKind
	}{
		{"123456", "123456", CodeTOTP},
		{" 123 456 ", "123456", CodeTOTP},
		{"12345", "12345", CodeMalformed},
		{"1234567", "1234567", CodeMalformed},
		{"12345a", "12345A", CodeMalformed},
		{"abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS", CodeRecovery},
		{"ABCD EFGH JKMN PQRS", "ABCDEFGHJKMNPQRS", CodeRecovery},
		{"ABCD-EFGH-JKMN-PQRI", "ABCDEFGHJKMNPQRI", CodeMalformed}, // I is not in the alphabet
		{"", "", CodeMalformed},
		{"１２３４５６", "１２３４５６", CodeMalformed}, // full-width digits are not digits here
	}
	for _, c := range cases {
		got, kind := NormalizeSecondFactorCode(c.in)
		if got != c.want || kind != c.kind {
			t.Errorf("%q: %q %v, want %q %v", c.in, got, kind, c.want, c.kind)
		}
	}
	if got := FormatRecoveryCode("ABCDEFGHJKMNPQRS"); got != "ABCD-EFGH-JKMN-PQRS" {
		t.Errorf("FormatRecoveryCode: %q", got)
	}
}

func TestCheckTOTPStep(t *testing.T) {
	cases := []struct {
		step, last int64
		ok         bool
	}{
		{100, 0, true},
		{101, 100, true},
		{100, 100, false}, // the same code twice
		{99, 100, false},  // an older code inside the drift window, after a newer one
	}
	for _, c := range cases {
		err := CheckTOTPStep(c.step, c.last)
		if (err == nil) != c.ok {
			t.Errorf("step %d after %d: %v", c.step, c.last, err)
		}
		if err != nil && ErrorCode(err) != "totp_invalid" {
			t.Errorf("replay code %q", ErrorCode(err))
		}
	}
}

func TestCanResetSecondFactor(t *testing.T) {
	admin := &User{ID: 1, Active: true, Roles: []Role{RoleAdmin}}
	clerk := &User{ID: 2, Active: true, Roles: []Role{RoleClerk}}
	cases := []struct {
		name   string
		actor  Actor
		target *User
		reason string
		code   string
	}{
		{"admin resets a clerk", Actor{User: admin}, clerk, "lost phone", ""},
		{"reason required", Actor{User: admin}, clerk, "  ", "invalid_input"},
		{"not their own", Actor{User: admin}, admin, "lost phone", "cannot_reset_own_totp"},
		{"clerks cannot", Actor{User: clerk}, admin, "lost phone", "forbidden"},
		{"the operator can", System("cli"), admin, "lost phone", ""},
	}
	for _, c := range cases {
		err := CanResetSecondFactor(c.actor, c.target, c.reason)
		if got := ""; err != nil {
			got = ErrorCode(err)
			if got != c.code {
				t.Errorf("%s: %q, want %q", c.name, got, c.code)
			}
		} else if c.code != "" {
			t.Errorf("%s: allowed, want %q", c.name, c.code)
		}
	}
}
