package contracts

import (
	"reflect"
	"testing"
)

// The cache of unshaped lines gives what laying out gives, the second time
// too, and never keeps a paragraph that needs shaping as simple.
func TestCachedSimpleLines(t *testing.T) {
	for _, c := range []struct {
		text   string
		simple bool
	}{
		{"The employer pays the worker at least the minimum of the salary scale in force, every month.", true},
		{"", true},
		{"Nguyễn Thị Hoa", true},
		{"สัญญาจ้างงาน", false},
		{"ሰራተኛው በየወሩ ደመወዝ ይከፈለዋል።", false},
	} {
		want, wantOK := simpleLines(c.text, false, 30)
		if wantOK != c.simple {
			t.Fatalf("%q: simple %v, want %v", c.text, wantOK, c.simple)
		}
		for range 2 {
			got, ok := cachedSimpleLines(c.text, false, 30)
			if ok != wantOK || !reflect.DeepEqual(got, want) {
				t.Errorf("%q: cached lines differ (ok %v, want %v)", c.text, ok, wantOK)
			}
		}
		if got, _ := cachedSimpleLines(c.text, false, 3); c.simple && c.text != "" && reflect.DeepEqual(got, want) {
			t.Errorf("%q: a narrower column got the wider column's lines", c.text)
		}
	}
}
