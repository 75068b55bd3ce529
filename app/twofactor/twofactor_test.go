package twofactor

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

// RFC 6238 appendix B: the SHA-1 test vectors, 8 digits there; the last 6
// digits are the 6-digit code of the same counter.
func TestMatchRFC6238Vectors(t *testing.T) {
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // base32 of "12345678901234567890"
	for _, v := range []struct {
		unix int64
		code string
	}{{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"}, {2000000000, "279037"}} {
		now := time.Unix(v.unix, 0)
		step, ok := Match(secret, v.code, now)
		if !ok || step != Step(now) {
			t.Errorf("%d: Match(%s) = %d %v, want step %d", v.unix, v.code, step, ok, Step(now))
		}
		if c, _ := Code(secret, now); c != v.code {
			t.Errorf("%d: Code = %s, want %s", v.unix, c, v.code)
		}
	}
}

func TestMatchDrift(t *testing.T) {
	secret, err := NewSecret("a@example.be")
	if err != nil || len(secret) != 32 {
		t.Fatalf("secret %q %v", secret, err)
	}
	now := time.Date(2026, 12, 1, 12, 0, 10, 0, time.UTC)
	for d := -3; d <= 3; d++ {
		at := now.Add(time.Duration(d*models.TOTPPeriod) * time.Second)
		code, _ := Code(secret, at)
		step, ok := Match(secret, code, now)
		want := d >= -1 && d <= 1
		if ok != want {
			t.Errorf("code %d steps away: ok %v, want %v", d, ok, want)
		}
		if ok && step != Step(at) {
			t.Errorf("code %d steps away matched step %d, want %d", d, step, Step(at))
		}
	}
	if _, ok := Match(secret, "000000x", now); ok {
		t.Error("a malformed code matched")
	}
}

func TestQRCodeAndURL(t *testing.T) {
	u := KeyURL("JBSWY3DPEHPK3PXP", "a@example.be")
	if !strings.HasPrefix(u, "otpauth://totp/Carddesk:a@example.be?") || !strings.Contains(u, "secret=JBSWY3DPEHPK3PXP") || !strings.Contains(u, "issuer=Carddesk") {
		t.Errorf("URL %s", u)
	}
	b, err := QRCode("JBSWY3DPEHPK3PXP", "a@example.be", 200)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 200 {
		t.Fatalf("PNG: %v", err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, err := RecoveryCodes(models.RecoveryCodes)
	if err != nil || len(codes) != models.RecoveryCodes {
		t.Fatal(codes, err)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		n, kind := models.NormalizeSecondFactorCode(models.FormatRecoveryCode(c))
		if kind != models.CodeRecovery || n != c {
			t.Errorf("code %q does not read back as a recovery code (%q %v)", c, n, kind)
		}
		if seen[c] {
			t.Errorf("code %q twice", c)
		}
		seen[c] = true
		if h := HashRecoveryCode(c); len(h) != 64 || h == HashRecoveryCode(c+"0") {
			t.Errorf("hash %q", h)
		}
	}
}
