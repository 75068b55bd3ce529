package gofpdf

// Tests of the Carddesk patches (PATCHES.md). Each checks that a patched
// path gives the same result as the upstream code it replaces, or a result
// that is equivalent where the bytes had to change.

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand"
	"os"
	"sync"
	"testing"
	"time"
)

// The font the Carddesk contracts embed; its licence is beside it.
const testFontPath = "../../fonts/DejaVuSansCondensed.ttf"

func testFont(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(testFontPath)
	if err != nil {
		t.Skipf("test font not found (%v); these tests run inside the Carddesk repository", err)
	}
	return b
}

// upstreamCompress is sliceCompress as upstream wrote it.
func upstreamCompress(data []byte) []byte {
	var buf bytes.Buffer
	cmp, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	cmp.Write(data)
	cmp.Close()
	return buf.Bytes()
}

func TestPatch2PooledCompressMatchesUpstream(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	inputs := [][]byte{nil, []byte("BT /F1 12 Tf ET"), make([]byte, 200000)}
	for range 5 {
		b := make([]byte, rng.Intn(100000))
		for i := range b {
			b[i] = byte(rng.Intn(16)) // compressible
		}
		inputs = append(inputs, b)
	}
	for round := range 2 { // the second round uses pooled writers
		for i, in := range inputs {
			if got, want := sliceCompress(in), upstreamCompress(in); !bytes.Equal(got, want) {
				t.Fatalf("round %d input %d: pooled output differs from a fresh writer's", round, i)
			}
		}
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := inputs[3+i%5]
			for range 20 {
				if !bytes.Equal(sliceCompress(in), upstreamCompress(in)) {
					t.Error("concurrent pooled output differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// upstreamPutNil is untypedKeyMap.put(nil, v) as upstream wrote it.
func upstreamPutNil(pa *untypedKeyMap, value int) {
	var key interface{}
	for n := 0; ; n++ {
		if pa.getIndex(n) < 0 {
			key = n
			break
		}
	}
	pa.keySet = append(pa.keySet, key)
	pa.valueSet = append(pa.valueSet, value)
}

func TestPatch4KeyMapMatchesUpstream(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for trial := range 300 {
		a := &untypedKeyMap{}
		b := &untypedKeyMap{}
		for op := range 60 {
			switch r := rng.Intn(10); {
			case r < 6:
				v := rng.Intn(5)
				a.put(nil, v)
				upstreamPutNil(b, v)
			case r < 7:
				a.put("interval", 1)
				b.put("interval", 1)
			case r < 8:
				a.delete("interval")
				b.delete("interval")
			case r < 9 && len(a.keySet) > 0:
				a.pop()
				b.pop()
			default:
				c := &untypedKeyMap{}
				c.put(nil, op)
				c.put("interval", 1)
				a = arrayMerge(a, c)
				bc := &untypedKeyMap{}
				upstreamPutNil(bc, op)
				bc.put("interval", 1)
				b = arrayMergeUpstream(b, bc)
			}
			if fmt.Sprint(a.keySet, a.valueSet) != fmt.Sprint(b.keySet, b.valueSet) {
				t.Fatalf("trial %d op %d: %v %v != %v %v", trial, op, a.keySet, a.valueSet, b.keySet, b.valueSet)
			}
		}
	}
}

// arrayMergeUpstream is arrayMerge with upstream's put.
func arrayMergeUpstream(arr1, arr2 *untypedKeyMap) *untypedKeyMap {
	answer := untypedKeyMap{keySet: arr1.keySet[:], valueSet: arr1.valueSet[:]}
	for i := 0; i < len(arr2.keySet); i++ {
		if arr2.keySet[i] == "interval" {
			if arr1.getIndex("interval") < 0 {
				answer.put("interval", arr2.valueSet[i])
			}
		} else {
			upstreamPutNil(&answer, arr2.valueSet[i])
		}
	}
	return &answer
}

func TestPatch4ImplodeMatchesUpstream(t *testing.T) {
	for _, arr := range [][]int{nil, {7}, {1, 22, 333, -4, 0}} {
		var s fmtBuffer
		for i := 0; i < len(arr)-1; i++ {
			s.printf("%v", arr[i])
			s.printf(" ")
		}
		if len(arr) > 0 {
			s.printf("%v", arr[len(arr)-1])
		}
		if got := implode(" ", arr); got != s.String() {
			t.Errorf("implode(%v) = %q, want %q", arr, got, s.String())
		}
	}
}

// testDoc makes a small deterministic document with the UTF-8 font.
func testDoc(t testing.TB, font []byte, text string) []byte {
	t.Helper()
	pdf := New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	tm := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(tm)
	pdf.SetModificationDate(tm)
	pdf.AddUTF8FontFromBytes("dejavu", "", font)
	pdf.AddPage()
	pdf.SetFont("dejavu", "", 12)
	pdf.Text(20, 20, text)
	pdf.AddPage()
	pdf.SetFont("dejavu", "", 10)
	pdf.Text(20, 20, "page 2 – Łódź, Hường, İstanbul, Ştefan")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPatch1FontCache(t *testing.T) {
	font := testFont(t)
	sum := sha256.Sum256(font)
	first := testDoc(t, font, "Wróblewska Nguyễn Thị Hường")
	second := testDoc(t, font, "Wróblewska Nguyễn Thị Hường")
	if !bytes.Equal(first, second) {
		t.Error("the second document, from the cache, differs from the first")
	}
	// The same bytes in another slice (a file read again) hit the cache too.
	e1, err := loadUTF8Font(font)
	if err != nil {
		t.Fatal(err)
	}
	e2, _ := loadUTF8Font(append([]byte(nil), font...))
	if e1 != e2 {
		t.Error("an equal copy of the font was parsed again")
	}
	if third := testDoc(t, append([]byte(nil), font...), "Wróblewska Nguyễn Thị Hường"); !bytes.Equal(first, third) {
		t.Error("a document from a copy of the font differs")
	}
	// A different text gives a different subset: nothing leaks between documents.
	other := testDoc(t, font, "Zürich")
	if bytes.Equal(first, other) {
		t.Error("documents with different texts are identical")
	}
	if again := testDoc(t, font, "Wróblewska Nguyễn Thị Hường"); !bytes.Equal(first, again) {
		t.Error("state from another document leaked into this one")
	}
	// Subsetting never writes into the caller's font bytes (patch 6).
	if sha256.Sum256(font) != sum {
		t.Error("generating documents modified the font bytes")
	}
	// A font that is not a TrueType file is the document's error.
	pdf := New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("bad", "", []byte("not a font at all"))
	if !pdf.Err() {
		t.Error("a bad font was accepted")
	}
}

func TestPatch1ConcurrentDocuments(t *testing.T) {
	font := testFont(t)
	want := testDoc(t, font, "Çağrı Öztürk")
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := "Çağrı Öztürk"
			if i%2 == 1 {
				text = "Ioana Ştefănescu"
			}
			got := testDoc(t, font, text)
			if i%2 == 0 && !bytes.Equal(got, want) {
				errs <- "a document made concurrently differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestPatch7CompressCutInflatesToTheSubset(t *testing.T) {
	font := testFont(t)
	e, err := loadUTF8Font(font)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"abc", "Nguyễn Thị Hường", "abc"} {
		runes := map[int]int{}
		for _, r := range text {
			runes[int(r)] = int(r)
		}
		utf := newUTF8FontFile(e.data, e.prep)
		stream := utf.GenerateCutFont(runes)
		if utf.staticFrom <= 0 {
			t.Fatalf("no shared tail found in the subset")
		}
		z := utf.compressCut(stream)
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%q: inflate: %v", text, err)
		}
		if !bytes.Equal(got, stream) {
			t.Fatalf("%q: stream does not inflate to the subset", text)
		}
		// The subset is the same as one made without the shared tables.
		fresh := newUTF8Font(&fileReader{array: font})
		if want := fresh.GenerateCutFont(runes); !bytes.Equal(stream, want) {
			t.Fatalf("%q: subset differs from one made without the cache", text)
		}
	}
}
