package contracts

import (
	"slices"
	"strings"
	"testing"

	"github.com/carddesk/carddesk/contracts/pdftest"
)

func TestAddressLines(t *testing.T) {
	for in, want := range map[string]string{
		"Avenue des Arts 12\n1000 Brussels":                 "Avenue des Arts 12\n1000 Brussels",
		"  Avenue  des Arts 12 \r\n\r\n 1000   Brussels \n": "Avenue des Arts 12\n1000 Brussels",
		"c/o Embassy\rRue Royale 1\u20281000 Brussels":      "c/o Embassy\nRue Royale 1\n1000 Brussels",
		"Avenue des Arts 12, 1000 Brussels":                 "Avenue des Arts 12, 1000 Brussels",
	} {
		if got := addressLines(in); got != want {
			t.Errorf("addressLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// An address entered on several lines prints on as many lines, in every
// language a contract is drawn up in and in a translation beside it: the
// line that holds the street ends with it, the next begins with the
// postcode (the old contracts folded it into "street, postcode town").
func TestContractPrintsAddressesOnTheirLines(t *testing.T) {
	langs := append(slices.Clone(ContractLanguages), "ar", "vi")
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			s := sample()
			s.Language = lang
			if !slices.Contains(ContractLanguages, lang) {
				s.Language, s.SecondLanguage = "en", lang
			}
			s.Employer.Address = "Boulevard Brand Whitlock 118\n1200 Woluwe-Saint-Lambert"
			s.Worker.Address = "Chaussée de Wavre 214\nboîte 3\n1050 Ixelles"
			lines := pdftest.Lines(t, mustGenerate(t, s))
			text := strings.Join(lines, "\n")
			for _, addr := range [][]string{
				{"Brand Whitlock 118", "1200 Woluwe-Saint-Lambert"},
				{"Wavre 214", "boîte 3", "1050 Ixelles"},
			} {
				if lang == "ar" {
					// The translation's column: the English one is enough to
					// place the lines, the Arabic one must not fold them.
					addr = addr[:2]
				}
				if !printedOnLines(lines, addr) {
					t.Errorf("%s: the address %q is not printed on its own lines:\n%s", lang, addr, text)
				}
			}
			if strings.Contains(text, "118, 1200") || strings.Contains(text, "214, boîte") {
				t.Errorf("%s: an address is folded onto one line:\n%s", lang, text)
			}
		})
	}
}

// printedOnLines reports whether some line ends with parts[0] and each
// next part starts the following line.
func printedOnLines(lines, parts []string) bool {
	for i, l := range lines {
		if !strings.HasSuffix(l, parts[0]) && !strings.Contains(l, parts[0]+" ") {
			continue
		}
		ok := true
		for j, p := range parts[1:] {
			if i+1+j >= len(lines) || !strings.Contains(lines[i+1+j], p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
