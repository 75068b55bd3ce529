package contracts

import (
	"os"
	"testing"
	"time"
)

func TestDumpScripts(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	samples := map[string]string{
		"ar": "يحق لك الاحتفاظ بجواز سفرك. اتصل بالرقم 112 في حالة الطوارئ. PAG-ASA +32 2 511 64 64",
		"hi": "आपका पासपोर्ट आपका है। किसी को भी इसे रखने का अधिकार नहीं है। क्षमा, द्वितीय, प्रिय",
		"th": "คุณมีสิทธิ์เก็บหนังสือเดินทางของคุณไว้เอง นายจ้างไม่มีสิทธิ์ยึดหนังสือเดินทางของคุณ ในกรณีฉุกเฉินโทร 112",
		"am": "ፓስፖርትዎን ራስዎ የመያዝ መብት አለዎት። በአደጋ ጊዜ 112 ይደውሉ።",
		"ta": "உங்கள் கடவுச்சீட்டை நீங்களே வைத்திருக்க உரிமை உண்டு. அவசரத்தில் 112 ஐ அழைக்கவும்.",
		"x":  "emoji 😀 ext-B 𠀀 unassigned \U000E0080x \U0010FFFD end",
	}
	for lang, s := range samples {
		w := newWriter(fontUnicode, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), lang, lang)
		w.lines([]string{s}, "B", sizeTitle, 0, 0)
		for range 3 {
			w.lines([]string{s + " " + s}, "", sizeBody, 0, 0)
		}
		w.lines([]string{s, "English beside it, to see two columns work."}, "", sizeBody, 0, 0)
		b, err := w.finish(nil)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/dump-"+lang+".pdf", b, 0o644)
	}
}
