// Package twofactor computes the time-based one-time codes (TOTP, RFC 6238)
// of two-factor sign-in with github.com/pquerna/otp, makes recovery codes,
// and draws the QR code an authenticator app scans. It keeps no state: the
// secret is sealed and stored by app/store, which decides with the rules of
// models/twofactor.go.
package twofactor

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"image/png"
	"net/url"
	"strconv"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/carddesk/carddesk/models"
)

var opts = totp.ValidateOpts{Period: models.TOTPPeriod, Skew: models.TOTPSkew, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewSecret returns a fresh secret of 160 bits (RFC 4226's recommended
// length), in the base32 form authenticator apps take.
func NewSecret(account string) (string, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: models.TOTPIssuer, AccountName: account, SecretSize: 20,
		Period: models.TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", fmt.Errorf("new TOTP secret: %w", err)
	}
	return key.Secret(), nil
}

// KeyURL is the otpauth:// address of secret for account, the content of the
// QR code (Google Authenticator's key URI format).
func KeyURL(secret, account string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", models.TOTPIssuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", strconv.Itoa(models.TOTPDigits))
	v.Set("period", strconv.Itoa(models.TOTPPeriod))
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + models.TOTPIssuer + ":" + account, RawQuery: v.Encode()}
	return u.String()
}

// QRCode draws the QR code of secret for account as a PNG of size×size pixels.
func QRCode(secret, account string, size int) ([]byte, error) {
	key, err := otp.NewKeyFromURL(KeyURL(secret, account))
	if err != nil {
		return nil, fmt.Errorf("TOTP key: %w", err)
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("QR code: %w", err)
	}
	return b.Bytes(), nil
}

// Step is the RFC 6238 time step of t.
func Step(t time.Time) int64 { return t.Unix() / models.TOTPPeriod }

// Match reports whether code is secret's code for the step of now or one step
// either side (clock drift), and which step it matched, so the caller can
// refuse it the second time (models.CheckTOTPStep). code is normalized
// (models.NormalizeSecondFactorCode).
func Match(secret, code string, now time.Time) (int64, bool) {
	// The newest step first: a code valid for two steps (a collision) is
	// taken as the later one, which refuses more replays.
	for d := int64(models.TOTPSkew); d >= -models.TOTPSkew; d-- {
		step := Step(now) + d
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*models.TOTPPeriod, 0), opts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// Code is secret's code at t (tests and the demo's instructions).
func Code(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, opts)
}

// RecoveryCodes returns n fresh recovery codes, normalized (16 characters of
// models.RecoveryAlphabet, 80 bits each).
func RecoveryCodes(n int) ([]string, error) {
	out := make([]string, n)
	buf := make([]byte, 16)
	for i := range out {
		if _, err := rand.Read(buf); err != nil {
			return nil, fmt.Errorf("recovery codes: %w", err)
		}
		b := make([]byte, len(buf))
		for j, x := range buf {
			b[j] = models.RecoveryAlphabet[x%32] // 256 is a multiple of 32: no bias
		}
		out[i] = string(b)
	}
	return out, nil
}

// HashRecoveryCode is what is stored of a recovery code: its SHA-256. A code
// carries 80 random bits, so a fast hash is enough (no dictionary to try),
// and it lets the code be looked up by its hash.
func HashRecoveryCode(normalized string) string {
	sum := sha256.Sum256([]byte("carddesk/recovery-code/v1\x00" + normalized))
	return hex.EncodeToString(sum[:])
}
