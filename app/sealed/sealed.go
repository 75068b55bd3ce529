// Package sealed encrypts the free-text notes that an interviewer records
// (interview notes, checklist and indicator notes, signals) so that a dump of
// the database alone does not reveal them. The key comes from configuration,
// never from the database.
//
// A sealed value is
//
//	version (1 byte) | key id (4 bytes) | nonce (12 bytes) | AES-256-GCM ciphertext and tag
//
// The version and key id travel in clear so that a keyring can pick the right
// key after a rotation; both are authenticated together with the caller's
// additional data, which binds a ciphertext to the row and column it belongs to
// ("interview_note:42"): a note copied into another row does not open.
package sealed

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length in bytes of an AES-256 key.
const KeySize = 32

// Version is the format byte written in front of every sealed value. A new
// format gets a new version so old rows stay readable.
const Version byte = 1

const (
	keyIDSize  = 4
	nonceSize  = 12 // the GCM standard nonce; random nonces are safe far beyond the volume of notes this product stores
	headerSize = 1 + keyIDSize + nonceSize
	tagSize    = 16
)

// Errors returned by Open. They say what went wrong without echoing any input.
var (
	// ErrMalformed means the value is too short or has an unknown version: it
	// was not produced by Seal.
	ErrMalformed = errors.New("sealed: malformed value")
	// ErrUnknownKey means the value was sealed with a key that is not in the
	// keyring, typically an old key dropped from configuration too early.
	ErrUnknownKey = errors.New("sealed: value sealed with a key not in the keyring")
	// ErrAuthentication means the value was altered, or opened with the wrong
	// additional data (for example a note copied to another row).
	ErrAuthentication = errors.New("sealed: authentication failed")
)

// KeyID identifies a key inside sealed values. It is derived from the key, so
// configuration never has to number keys by hand.
type KeyID uint32

// String formats the id as 8 hex digits, the form shown in logs and by the
// key-rotation command.
func (id KeyID) String() string { return fmt.Sprintf("%08x", uint32(id)) }

// DeriveKeyID returns the id under which key is recorded in sealed values.
// It is a truncated SHA-256 of the key with a fixed prefix: it tells keys
// apart and reveals nothing usable about them.
func DeriveKeyID(key []byte) KeyID {
	h := sha256.New()
	h.Write([]byte("carddesk/sealed/key-id/v1\x00"))
	h.Write(key)
	return KeyID(binary.BigEndian.Uint32(h.Sum(nil)[:keyIDSize]))
}

// ParseKey decodes a 32-byte key written as 64 hex digits or as base64
// (standard or URL alphabet, padded or not). Surrounding white space is
// ignored because keys often come from files (the *_FILE configuration
// variants) that end with a newline. An all-zero key is refused: it is a
// placeholder, not a secret.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("sealed: empty key")
	}
	var key []byte
	if len(s) == 2*KeySize {
		if b, err := hex.DecodeString(s); err == nil {
			key = b
		}
	}
	if key == nil {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				key = b
				break
			}
		}
	}
	if key == nil {
		// The input is a secret: never include it in the error.
		return nil, errors.New("sealed: key is neither hex nor base64")
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("sealed: key is %d bytes, want %d", len(key), KeySize)
	}
	if bytes.Equal(key, make([]byte, KeySize)) {
		return nil, errors.New("sealed: key is all zeros")
	}
	return key, nil
}

// Sealer seals with its current key and opens with any key of its keyring.
// Build it with New; it is safe for concurrent use.
type Sealer struct {
	current KeyID
	aeads   map[KeyID]cipher.AEAD
}

// New returns a Sealer whose current key is current and which also opens
// values sealed with any of old. Keep old keys until every row has been
// resealed (see Reseal and NeedsReseal), then drop them from configuration.
func New(current []byte, old ...[]byte) (*Sealer, error) {
	s := &Sealer{aeads: make(map[KeyID]cipher.AEAD, 1+len(old))}
	id, err := s.add(current)
	if err != nil {
		return nil, fmt.Errorf("current key: %w", err)
	}
	s.current = id
	for i, k := range old {
		if _, err := s.add(k); err != nil {
			return nil, fmt.Errorf("old key %d: %w", i+1, err)
		}
	}
	return s, nil
}

func (s *Sealer) add(key []byte) (KeyID, error) {
	if len(key) != KeySize {
		return 0, fmt.Errorf("sealed: key is %d bytes, want %d", len(key), KeySize)
	}
	id := DeriveKeyID(key)
	if _, dup := s.aeads[id]; dup {
		// Either the same key twice (a configuration slip) or a 32-bit id
		// collision; both would make Open ambiguous.
		return 0, fmt.Errorf("sealed: key id %s appears twice in the keyring", id)
	}
	block, err := aes.NewCipher(key) // copies the key schedule; the caller's slice is not kept
	if err != nil {
		return 0, fmt.Errorf("sealed: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return 0, fmt.Errorf("sealed: %w", err)
	}
	s.aeads[id] = aead
	return id, nil
}

// CurrentKeyID returns the id of the key new values are sealed with.
func (s *Sealer) CurrentKeyID() KeyID { return s.current }

// Seal encrypts plaintext with the current key under a fresh random nonce.
// additionalData is not stored; the same bytes must be given to Open. Use it
// to name the row and column the value belongs to, for example
// []byte("interview_note:42").
func (s *Sealer) Seal(plaintext, additionalData []byte) ([]byte, error) {
	aead := s.aeads[s.current]
	if aead == nil {
		return nil, errors.New("sealed: Sealer not built with New")
	}
	out := make([]byte, headerSize, headerSize+len(plaintext)+tagSize)
	out[0] = Version
	binary.BigEndian.PutUint32(out[1:1+keyIDSize], uint32(s.current))
	nonce := out[1+keyIDSize : headerSize]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("sealed: nonce: %w", err)
	}
	return aead.Seal(out, nonce, plaintext, aad(out[:1+keyIDSize], additionalData)), nil
}

// Open authenticates and decrypts a value produced by Seal, with whichever
// keyring key sealed it. It fails with ErrMalformed, ErrUnknownKey or
// ErrAuthentication.
func (s *Sealer) Open(sealed, additionalData []byte) ([]byte, error) {
	id, err := KeyIDOf(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := s.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w (key id %s)", ErrUnknownKey, id)
	}
	nonce := sealed[1+keyIDSize : headerSize]
	plain, err := aead.Open(nil, nonce, sealed[headerSize:], aad(sealed[:1+keyIDSize], additionalData))
	if err != nil {
		return nil, ErrAuthentication
	}
	return plain, nil
}

// NeedsReseal reports whether sealed was made with a key other than the
// current one, so a rotation job can find the rows still to rewrite.
func (s *Sealer) NeedsReseal(sealed []byte) (bool, error) {
	id, err := KeyIDOf(sealed)
	if err != nil {
		return false, err
	}
	return id != s.current, nil
}

// Reseal opens sealed with any keyring key and seals it again with the
// current key and the same additional data. It is the one step of a key
// rotation; the plaintext exists only inside this call.
func (s *Sealer) Reseal(sealed, additionalData []byte) ([]byte, error) {
	plain, err := s.Open(sealed, additionalData)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return s.Seal(plain, additionalData)
}

// KeyIDOf returns the id of the key a value was sealed with, without opening
// it.
func KeyIDOf(sealed []byte) (KeyID, error) {
	if len(sealed) < headerSize+tagSize || sealed[0] != Version {
		return 0, ErrMalformed
	}
	return KeyID(binary.BigEndian.Uint32(sealed[1 : 1+keyIDSize])), nil
}

// aad authenticates the clear header together with the caller's data, so the
// version and key id cannot be swapped without detection. The header has a
// fixed length, so the concatenation is unambiguous.
func aad(header, additionalData []byte) []byte {
	b := make([]byte, 0, len(header)+len(additionalData))
	return append(append(b, header...), additionalData...)
}
