package sealed

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/models"
)

// The domain seals notes through models.NoteSealer; Sealer must satisfy it.
var _ models.NoteSealer = (*Sealer)(nil)

func newKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func mustNew(t *testing.T, current []byte, old ...[]byte) *Sealer {
	t.Helper()
	s, err := New(current, old...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRoundTrip(t *testing.T) {
	s := mustNew(t, newKey(t))
	for _, plain := range [][]byte{
		nil,
		[]byte("x"),
		[]byte("Worker says the employer keeps her passport in a locked drawer."),
		[]byte("Тя казва, че паспортът ѝ е у работодателя — ليس لديها هاتف"),
		bytes.Repeat([]byte("long note "), 10000),
	} {
		ct, err := s.Seal(plain, []byte("interview_note:42"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Open(ct, []byte("interview_note:42"))
		if err != nil {
			t.Fatalf("open %d bytes: %v", len(plain), err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("round trip of %d bytes returned %d different bytes", len(plain), len(got))
		}
	}
}

func TestSealUsesFreshNonce(t *testing.T) {
	s := mustNew(t, newKey(t))
	a, _ := s.Seal([]byte("same note"), []byte("aad"))
	b, _ := s.Seal([]byte("same note"), []byte("aad"))
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same note are identical: nonce reused")
	}
}

func TestCiphertextContainsNoPlaintext(t *testing.T) {
	s := mustNew(t, newKey(t))
	plain := "Employer takes her wages; she sleeps in the kitchen."
	ct, err := s.Seal([]byte(plain), []byte("interview_note:7"))
	if err != nil {
		t.Fatal(err)
	}
	for _, word := range strings.Fields(plain) {
		if len(word) >= 4 && bytes.Contains(ct, []byte(word)) {
			t.Errorf("sealed value contains %q", word)
		}
	}
	for _, enc := range []string{hex.EncodeToString(ct), base64.StdEncoding.EncodeToString(ct)} {
		if strings.Contains(enc, "wages") {
			t.Error("encoded sealed value contains plaintext")
		}
	}
}

func TestTamperDetection(t *testing.T) {
	s := mustNew(t, newKey(t))
	aad := []byte("interview_note:42")
	ct, err := s.Seal([]byte("she has no phone"), aad)
	if err != nil {
		t.Fatal(err)
	}
	// Flip one bit at every position: header, nonce, body and tag.
	for i := range ct {
		bad := bytes.Clone(ct)
		bad[i] ^= 0x01
		if _, err := s.Open(bad, aad); err == nil {
			t.Fatalf("bit flip at byte %d went unnoticed", i)
		}
	}
	if _, err := s.Open(ct[:len(ct)-1], aad); !errors.Is(err, ErrAuthentication) {
		t.Errorf("truncated tag: got %v, want ErrAuthentication", err)
	}
	if _, err := s.Open(append(bytes.Clone(ct), 0), aad); !errors.Is(err, ErrAuthentication) {
		t.Errorf("appended byte: got %v, want ErrAuthentication", err)
	}
}

func TestWrongAdditionalDataFails(t *testing.T) {
	s := mustNew(t, newKey(t))
	ct, err := s.Seal([]byte("note"), []byte("interview_note:42"))
	if err != nil {
		t.Fatal(err)
	}
	for _, aad := range []string{"interview_note:43", "interview_note:4", "signal_note:42", ""} {
		if _, err := s.Open(ct, []byte(aad)); !errors.Is(err, ErrAuthentication) {
			t.Errorf("aad %q: got %v, want ErrAuthentication", aad, err)
		}
	}
}

func TestMalformed(t *testing.T) {
	s := mustNew(t, newKey(t))
	good, _ := s.Seal([]byte("n"), nil)
	for name, v := range map[string][]byte{
		"nil":         nil,
		"short":       good[:headerSize+tagSize-1],
		"bad version": append([]byte{Version + 1}, good[1:]...),
	} {
		if _, err := s.Open(v, nil); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: got %v, want ErrMalformed", name, err)
		}
	}
}

func TestWrongKey(t *testing.T) {
	a := mustNew(t, newKey(t))
	b := mustNew(t, newKey(t))
	ct, _ := a.Seal([]byte("note"), []byte("x"))
	if _, err := b.Open(ct, []byte("x")); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("got %v, want ErrUnknownKey", err)
	}
}

func TestKeyRotation(t *testing.T) {
	oldKey, newKey := newKey(t), newKey(t)
	aad := []byte("observation_note:9")

	before := mustNew(t, oldKey)
	oldCT, err := before.Seal([]byte("written before rotation"), aad)
	if err != nil {
		t.Fatal(err)
	}

	after := mustNew(t, newKey, oldKey)
	if after.CurrentKeyID() != DeriveKeyID(newKey) || after.CurrentKeyID() == before.CurrentKeyID() {
		t.Fatal("current key did not change with rotation")
	}
	got, err := after.Open(oldCT, aad)
	if err != nil || string(got) != "written before rotation" {
		t.Fatalf("old value after rotation: %q, %v", got, err)
	}
	if need, _ := after.NeedsReseal(oldCT); !need {
		t.Error("old value should need resealing")
	}

	newCT, err := after.Reseal(oldCT, aad)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := KeyIDOf(newCT); id != DeriveKeyID(newKey) {
		t.Errorf("resealed with key %s, want current %s", id, DeriveKeyID(newKey))
	}
	if need, _ := after.NeedsReseal(newCT); need {
		t.Error("resealed value still needs resealing")
	}
	if _, err := after.Reseal(oldCT, []byte("observation_note:10")); !errors.Is(err, ErrAuthentication) {
		t.Errorf("reseal with wrong aad: got %v", err)
	}

	// Once the old key is dropped, the resealed value still opens; the old one does not.
	final := mustNew(t, newKey)
	if _, err := final.Open(newCT, aad); err != nil {
		t.Errorf("resealed value after dropping old key: %v", err)
	}
	if _, err := final.Open(oldCT, aad); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("old value after dropping old key: got %v, want ErrUnknownKey", err)
	}
}

func TestNewRejects(t *testing.T) {
	k := newKey(t)
	cases := map[string]func() error{
		"short key":     func() error { _, err := New(k[:16]); return err },
		"duplicate key": func() error { _, err := New(k, bytes.Clone(k)); return err },
		"short old key": func() error { _, err := New(k, k[:31]); return err },
	}
	for name, f := range cases {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestZeroSealerRefuses(t *testing.T) {
	var s Sealer
	if _, err := s.Seal([]byte("note"), nil); err == nil {
		t.Fatal("zero Sealer sealed")
	}
}

func TestParseKey(t *testing.T) {
	k := newKey(t)
	ok := map[string]string{
		"hex":             hex.EncodeToString(k),
		"hex upper":       strings.ToUpper(hex.EncodeToString(k)),
		"base64":          base64.StdEncoding.EncodeToString(k),
		"base64 raw":      base64.RawStdEncoding.EncodeToString(k),
		"base64 url":      base64.URLEncoding.EncodeToString(k),
		"base64 raw url":  base64.RawURLEncoding.EncodeToString(k),
		"trailing spaces": "  " + base64.StdEncoding.EncodeToString(k) + "\n",
	}
	for name, in := range ok {
		got, err := ParseKey(in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, k) {
			t.Errorf("%s: decoded to a different key", name)
		}
	}
	secret := "not-a-key-but-a-secret-passphrase!"
	bad := map[string]string{
		"empty":       "",
		"blank":       " \n",
		"short hex":   hex.EncodeToString(k[:16]),
		"long base64": base64.StdEncoding.EncodeToString(append(bytes.Clone(k), 1)),
		"zeros":       hex.EncodeToString(make([]byte, KeySize)),
		"garbage":     secret,
	}
	for name, in := range bad {
		_, err := ParseKey(in)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if trimmed := strings.TrimSpace(in); trimmed != "" && strings.Contains(err.Error(), trimmed) {
			t.Errorf("%s: error echoes the key material: %v", name, err)
		}
	}
}

func TestKeyIDStable(t *testing.T) {
	k := bytes.Repeat([]byte{0x42}, KeySize)
	if a, b := DeriveKeyID(k), DeriveKeyID(bytes.Clone(k)); a != b {
		t.Fatal("key id not deterministic")
	}
	if DeriveKeyID(k) == DeriveKeyID(bytes.Repeat([]byte{0x43}, KeySize)) {
		t.Fatal("different keys share an id")
	}
	if got := KeyID(0xab).String(); got != "000000ab" {
		t.Errorf("String() = %q", got)
	}
}

func BenchmarkSeal(b *testing.B) {
	s, _ := New(bytes.Repeat([]byte{7}, KeySize))
	note := bytes.Repeat([]byte("n"), 2000)
	aad := []byte("interview_note:1")
	for b.Loop() {
		if _, err := s.Seal(note, aad); err != nil {
			b.Fatal(err)
		}
	}
}
