package sealed

import (
	"encoding/hex"
	"strings"
)

// Sealed values in text columns. The short free-text fields of an interview
// (the referral's contact and reference, correction reasons, the
// interpreter's name) live in text columns whose constraints (required,
// required on a correction) stay as they are; a sealed value is stored there
// as TextMarker followed by the sealed bytes in lower-case hex:
//
//	U+0001 | hex(version | key id | nonce | ciphertext and tag)
//
// so the key id is characters 4 to 11 of the column (SQL substr(col, 4, 8)).
// No input can begin with U+0001 (app/input refuses control characters), so
// a value without the marker is plain text written before these fields were
// sealed, which `carddesk notes reseal` seals.

// TextMarker begins every sealed value stored in a text column.
const TextMarker = "\x01"

// EncodeText returns the text-column form of a sealed value.
func EncodeText(sealedValue []byte) string {
	return TextMarker + hex.EncodeToString(sealedValue)
}

// IsText reports whether s is in the text-column sealed form (by its
// marker; DecodeText checks the rest).
func IsText(s string) bool { return strings.HasPrefix(s, TextMarker) }

// DecodeText returns the sealed bytes of a text-column value. It fails with
// ErrMalformed for a value that carries the marker but is not valid hex or
// too short; a value without the marker is not sealed (use IsText first).
func DecodeText(s string) ([]byte, error) {
	if !IsText(s) {
		return nil, ErrMalformed
	}
	b, err := hex.DecodeString(s[len(TextMarker):])
	if err != nil {
		return nil, ErrMalformed
	}
	if _, err := KeyIDOf(b); err != nil {
		return nil, err
	}
	return b, nil
}
