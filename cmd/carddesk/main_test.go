package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// cli runs a command line against the embedded database in dir.
func cli(t *testing.T, dir, stdin string, args ...string) (string, error) {
	t.Helper()
	t.Setenv("CARDDESK_DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	steps := []struct {
		stdin   string
		args    []string
		wantErr bool
		want    []string
	}{
		{args: []string{"migrate"}, want: []string{"applied 00001_foundation.sql", "schema at version"}},
		{args: []string{"migrate"}, want: []string{"schema at version"}},
		{stdin: "a long enough password\n", args: []string{"user", "add", "--email", "Admin@Example.be", "--name", "Ada Admin", "--role", "admin"},
			want: []string{"created user 1 admin@example.be (admin)"}},
		{args: []string{"user", "add", "--email", "clerk@example.be", "--name", "Cleo", "--role", "clerk,interviewer", "--generate"},
			want: []string{"(clerk,interviewer)", "one-time password"}},
		{stdin: "short\n", args: []string{"user", "add", "--email", "x@example.be", "--name", "X", "--role", "clerk"}, wantErr: true, want: []string{"password"}},
		{stdin: "", args: []string{"user", "add", "--email", "y@example.be", "--name", "Y", "--role", "clerk"}, wantErr: true},
		{args: []string{"user", "add", "--email", "z@example.be", "--name", "Z", "--role", "pilot", "--generate"}, wantErr: true, want: []string{"unknown role"}},
		{args: []string{"user", "list"}, want: []string{"admin@example.be", "clerk@example.be", "one-time password"}},
		{args: []string{"user", "deactivate", "--email", "clerk@example.be"}, wantErr: true},
		{args: []string{"user", "deactivate", "--email", "clerk@example.be", "--reason", "left"}, want: []string{"deactivated user 2"}},
		{args: []string{"user", "list"}, want: []string{"deactivated: left"}},
		{args: []string{"token", "create", "--email", "admin@example.be", "--name", "reporting"}, want: []string{"token 1 for admin@example.be", "cdk_"}},
		{args: []string{"token", "list"}, want: []string{"reporting", "active"}},
		{args: []string{"token", "revoke", "--id", "1"}, want: []string{"revoked token 1"}},
		{args: []string{"token", "revoke", "--id", "1"}, wantErr: true},
		{args: []string{"serve", "--help"}, wantErr: true, want: []string{"CARDDESK_ADDR", "DATABASE_URL_FILE", "CARDDESK_TRUSTED_PROXIES"}},
		{args: []string{"user", "add", "--help"}, wantErr: true, want: []string{"--generate", "CARDDESK_DATA_DIR"}},
		{args: []string{"frobnicate"}, wantErr: true, want: []string{"unknown command"}},
	}
	for _, s := range steps {
		out, err := cli(t, dir, s.stdin, s.args...)
		if (err != nil) != s.wantErr {
			t.Errorf("%v: err %v, want error %v\n%s", s.args, err, s.wantErr, out)
		}
		if err != nil {
			out += err.Error()
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", s.args, w, out)
			}
		}
	}
}

func TestSecretFromFile(t *testing.T) {
	f := t.TempDir() + "/db-url"
	if err := writeFile(f, "postgres://u:p@db/carddesk\n"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DATABASE_URL_FILE", f)
	got, err := lookup(envDatabaseURL)
	if err != nil || got != "postgres://u:p@db/carddesk" {
		t.Errorf("DATABASE_URL_FILE: %q %v", got, err)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func TestLoadSettings(t *testing.T) {
	t.Setenv("CARDDESK_INTERVIEW_MAX_AGE_DAYS", "30")
	t.Setenv("CARDDESK_HOUSEHOLD_CAP", "2")
	t.Setenv("CARDDESK_REQUIRE_SOLE_NAME_ACCOUNT", "false")
	t.Setenv("CARDDESK_MAX_UPLOAD_MB", "5")
	s, err := loadSettings()
	if err != nil || s.InterviewMaxAgeDays != 30 || s.HouseholdCap != 2 || s.RequireSoleNameAccount || s.MaxUploadBytes != 5<<20 || s.RenewalWindowDays != 60 {
		t.Errorf("settings %+v, %v", s, err)
	}
	t.Setenv("CARDDESK_RENEWAL_WINDOW_DAYS", "soon")
	if _, err := loadSettings(); err == nil {
		t.Error("a bad number was accepted")
	}
}
