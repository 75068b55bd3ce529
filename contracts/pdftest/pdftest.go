// Package pdftest reads generated PDFs back for tests: their text through
// poppler's pdftotext, as a reader copying it would get it.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Text extracts pdf's text with pdftotext (Debian's poppler-utils), with
// whitespace collapsed to single spaces since lines wrap anywhere. Without
// pdftotext the test is skipped, or fails when CI=true.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required in CI: apt-get install -y poppler-utils")
		}
		t.Skip("pdftotext not found; install poppler-utils (apt-get install -y poppler-utils) to run this test")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// Info returns pdf's document information as poppler's pdfinfo reads it
// ("Title", "Producer", …), decoded to UTF-8, as a PDF reader shows it.
func Info(t testing.TB, pdf []byte) map[string]string {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdfinfo is required in CI: apt-get install -y poppler-utils")
		}
		t.Skip("pdfinfo not found; install poppler-utils (apt-get install -y poppler-utils) to run this test")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return info
}

// Lines extracts pdf's text with pdftotext line by line, as the document
// prints it: each line with its whitespace collapsed, empty lines left out.
// Tests of what starts or ends a printed line read it.
func Lines(t testing.TB, pdf []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required in CI: apt-get install -y poppler-utils")
		}
		t.Skip("pdftotext not found; install poppler-utils (apt-get install -y poppler-utils) to run this test")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
