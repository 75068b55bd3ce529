package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	for _, p := range []Params{Fast, Default} {
		h, err := p.Hash("correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$") {
			t.Fatalf("unexpected encoding %q", h)
		}
		cases := []struct {
			pw   string
			want bool
		}{
			{"correct horse battery staple", true},
			{"correct horse battery stapl", false},
			{"", false},
		}
		for _, c := range cases {
			ok, err := Verify(h, c.pw)
			if err != nil || ok != c.want {
				t.Errorf("Verify(%q) = %v, %v; want %v", c.pw, ok, err, c.want)
			}
		}
	}
}

func TestSaltDiffers(t *testing.T) {
	a, _ := Fast.Hash("same")
	b, _ := Fast.Hash("same")
	if a == b {
		t.Fatal("two hashes of the same password are equal: salt not random")
	}
}

func TestVerifyMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$2a$10$abc", "$argon2id$v=19$m=x$a$b", "$argon2i$v=19$m=64,t=1,p=1$YQ$YQ"} {
		if _, err := Verify(h, "x"); err == nil {
			t.Errorf("Verify(%q): want error", h)
		}
	}
}

func TestGenerate(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p := Generate(16)
		if len(p) != 16 || strings.ContainsAny(p, "0O1lI") || seen[p] {
			t.Fatalf("bad generated password %q", p)
		}
		seen[p] = true
	}
}
