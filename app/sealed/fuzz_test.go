package sealed

import (
	"bytes"
	"testing"
)

// FuzzResealAndOpen: a note re-sealed under a new key opens with the new key
// alone, to the same bytes, only with its own additional data; and Open never
// panics on bytes that did not come from Seal. Run in CI for a few seconds
// (.ci/fuzz-targets); longer: go test ./app/sealed -run '^$' -fuzz FuzzResealAndOpen
func FuzzResealAndOpen(f *testing.F) {
	f.Add([]byte("passport kept by the employer"), []byte("interview_note:42"), []byte{Version, 0, 0, 0, 1})
	f.Add([]byte{}, []byte{}, []byte{})
	keyA, keyB := bytes.Repeat([]byte{0xA5}, KeySize), bytes.Repeat([]byte{0x5B}, KeySize)
	a, err := New(keyA)
	if err != nil {
		f.Fatal(err)
	}
	rotated, err := New(keyB, keyA)
	if err != nil {
		f.Fatal(err)
	}
	onlyB, err := New(keyB)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, plain, aad, junk []byte) {
		if _, err := onlyB.Open(junk, aad); err == nil {
			t.Fatalf("opened bytes that were never sealed: %x", junk)
		}
		old, err := a.Seal(plain, aad)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := rotated.Reseal(old, aad)
		if err != nil {
			t.Fatal(err)
		}
		if id, _ := KeyIDOf(fresh); id != onlyB.CurrentKeyID() {
			t.Fatalf("re-sealed under key id %s, want %s", id, onlyB.CurrentKeyID())
		}
		got, err := onlyB.Open(fresh, aad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("re-sealed note opens to %q, %v; want %q", got, err, plain)
		}
		if _, err := onlyB.Open(fresh, append(append([]byte{}, aad...), 'x')); err == nil {
			t.Fatal("a re-sealed note opens with other additional data")
		}
	})
}
