package main

import (
	"strings"
	"testing"
)

// TestRetentionCommands: due and run answer on a fresh database, an
// unknown subcommand is refused, and the retention settings are read.
func TestRetentionCommands(t *testing.T) {
	dir := t.TempDir()
	if out, err := cli(t, dir, "", "migrate"); err != nil {
		t.Fatalf("migrate: %v %s", err, out)
	}
	if out, err := cli(t, dir, "", "retention", "due", "--days", "30"); err != nil || !strings.Contains(out, "0 worker record(s) due within 30 days") {
		t.Errorf("due: %v %s", err, out)
	}
	if out, err := cli(t, dir, "", "retention", "run"); err != nil || !strings.Contains(out, "0 worker record(s) anonymised") {
		t.Errorf("run: %v %s", err, out)
	}
	if _, err := cli(t, dir, "", "retention", "erase-everything"); err == nil {
		t.Error("unknown subcommand accepted")
	}
	t.Setenv("CARDDESK_RETENTION_MONTHS_AFTER_LAST_CARD", "0")
	if _, err := loadSettings(); err == nil {
		t.Error("a retention of 0 months accepted")
	}
	t.Setenv("CARDDESK_RETENTION_MONTHS_AFTER_LAST_CARD", "36")
	t.Setenv("CARDDESK_SUPPRESSION_THRESHOLD", "10")
	s, err := loadSettings()
	if err != nil || s.Oversight.RetentionMonthsAfterLastCard != 36 || s.Oversight.SuppressionThreshold != 10 || s.Oversight.KAnonymity != 11 {
		t.Errorf("settings %+v: %v", s.Oversight, err)
	}
}
