package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/app/password"
)

// The dummy hash verified for an unknown address costs what a real one
// costs: the parameters of password.Default, and it verifies.
func TestDummyHashCostsTheDefault(t *testing.T) {
	p := password.Default
	if want := fmt.Sprintf("$m=%d,t=%d,p=%d$", p.Memory, p.Time, p.Threads); !strings.Contains(dummyHash, want) {
		t.Errorf("dummyHash %s lacks the default parameters %s: hash the dummy password again", dummyHash, want)
	}
	if ok, err := password.Verify(dummyHash, "carddesk-dummy-password"); !ok || err != nil {
		t.Errorf("dummyHash does not verify: %v", err)
	}
}
