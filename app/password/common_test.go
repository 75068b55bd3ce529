package password

import (
	"sync"
	"testing"
)

func TestIsCommon(t *testing.T) {
	if n := CommonCount(); n != 49233 {
		t.Errorf("the embedded list holds %d passwords, want the 49,233 of zxcvbn-ts 4.1.3", n)
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{
		{"password", true},
		{"qwertyuiopasdfgh", false},
		{"1qaz2wsx3edc", true},   // on the list, 12 characters
		{"Qwerty123456", true},   // on the list, case ignored
		{"leave me alone", true}, // "leavemealone", spaces ignored
		{"Sunshine2024!", true},  // a listed word with digits and a symbol
		{"!!!football!!!", true}, // a listed word with symbols around it
		{"dragondragon", true},   // a listed word repeated
		{"abcabcabcabc", true},   // a short piece repeated
		{"zzzzzzzzzzzz", true},   // one character repeated
		{"a long enough test password", false},
		{"demo-clerk-password", false},
		{"Tram 81 to Montgomery at dawn", false},
		{"correct horse battery staple", false},
		{"", false},
	} {
		if got := IsCommon(tt.pw); got != tt.want {
			t.Errorf("IsCommon(%q) = %v, want %v", tt.pw, got, tt.want)
		}
	}
}

// BenchmarkIsCommon: go test ./app/password -run '^$' -bench . -benchmem
func BenchmarkIsCommon(b *testing.B) {
	CommonCount() // the list is read once, on first use
	for b.Loop() {
		IsCommon("Tram 81 to Montgomery at dawn")
	}
}

// BenchmarkReadCommonList is the one-time cost of reading the embedded list.
func BenchmarkReadCommonList(b *testing.B) {
	for b.Loop() {
		common = sync.OnceValue(readCommon)
		CommonCount()
	}
}
