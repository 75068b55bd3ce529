package password

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode"
)

// commonList is the list of common passwords shipped by zxcvbn-ts, one a
// line, most frequent first (README.md beside it says where it comes from
// and under which licence).
//
//go:embed common-passwords.txt.gz
var commonList []byte

// common is the list as a set, read on first use.
var common = sync.OnceValue(readCommon)

func readCommon() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonList))
	if err != nil {
		panic("password: embedded common-password list: " + err.Error())
	}
	set := make(map[string]struct{}, 50000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			set[w] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil || len(set) == 0 {
		panic("password: embedded common-password list is unreadable")
	}
	return set
}

// CommonCount is the number of passwords on the embedded list.
func CommonCount() int { return len(common()) }

// IsCommon reports whether pw is one of the passwords attackers try first:
// a password on the list (ignoring case and spaces), one of them with digits
// or symbols added before or after ("Password2024!"), or a short piece or a
// listed password repeated ("abcabcabcabc", "dragondragon").
func IsCommon(pw string) bool {
	set := common()
	n := strings.ToLower(strings.Join(strings.Fields(pw), ""))
	if n == "" {
		return false
	}
	if _, ok := set[n]; ok {
		return true
	}
	core := strings.TrimFunc(n, func(r rune) bool { return !unicode.IsLetter(r) })
	if _, ok := set[core]; ok && len(core) >= 4 && core != n {
		return true
	}
	for size := 1; size <= len(n)/2; size++ {
		if len(n)%size != 0 || strings.Repeat(n[:size], len(n)/size) != n {
			continue
		}
		if _, ok := set[n[:size]]; ok || size <= 3 {
			return true
		}
	}
	return false
}
