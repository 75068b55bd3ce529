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

// Shaped lines come from the cache as they were laid out, per language.
func TestCachedShapedLines(t *testing.T) {
	for _, c := range []struct{ lang, text string }{
		{"th", "สัญญาจ้างงานนี้ทำขึ้นระหว่างนายจ้างและลูกจ้าง ลูกจ้างได้รับค่าจ้างทุกเดือน"},
		{"ar", "يدفع صاحب العمل للعامل أجره كل شهر."},
		{"am", "ሰራተኛው በየወሩ ደመወዝ ይከፈለዋል።"},
	} {
		ts := newTypesetter(c.lang)
		want := ts.shapedOrPlain(c.text, true, 12)
		for range 2 {
			if got := ts.cachedShapedLines(c.text, true, 12); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: cached lines differ", c.lang)
			}
		}
		if got := ts.cachedShapedLines(c.text, true, 4); reflect.DeepEqual(got, want) {
			t.Errorf("%s: a narrower column got the wider column's lines", c.lang)
		}
		ts.release()
		// In a left-to-right document the same Arabic paragraph is not
		// the right-to-left document's lines.
		if c.lang == "ar" {
			en := newTypesetter("en")
			if got := en.cachedShapedLines(c.text, true, 12); !want[0].rtl || got[0].rtl {
				t.Errorf("en: the Arabic document's direction (rtl %v) came back in English (rtl %v)", want[0].rtl, got[0].rtl)
			}
			en.release()
		}
	}
}
