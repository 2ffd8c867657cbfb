package i18n

import (
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// The fast numbers are the printer's numbers: over ties, carries,
// magnitudes from a millionth to 10^21, negatives and percentages, in
// every language, for 0 to 4 decimals.
func TestNumbersAsTheirPrinter(t *testing.T) {
	values := []float64{0, 0.5, 1.5, 2.5, 0.125, 0.135, 0.005, 0.015, 0.285, 9.995, 99.5, 999.5, 999999.5,
		-0.4, -0.0001, -2.5, 1e21, 1.2345678901234568e+17, 0.000001, 12345, 1234, 123, 1e6, 0.1 + 0.2,
		1.0 / 3, 2.0 / 3, 0.045, 0.055, 1.005, 99.995, -999.5}
	rng := rand.New(rand.NewPCG(7, 11))
	for range 4000 {
		exp := rng.IntN(14) - 6
		v := rng.Float64() * math.Pow(10, float64(exp))
		if rng.IntN(4) == 0 {
			v = -v
		}
		values = append(values, v)
		// ties on the decimal grid: k/8, k/200, k/2000
		values = append(values, float64(rng.IntN(100000))/8, float64(rng.IntN(100000))/200, float64(rng.IntN(100000))/2000)
	}
	for _, lang := range []string{"nb", "sv", "en"} {
		p := message.NewPrinter(language.MustParse(lang))
		st := readStyle(p)
		if !st.ok {
			t.Fatalf("%s: the style could not be read from the printer", lang)
		}
		for _, v := range values {
			for dec := 0; dec <= 4; dec++ {
				if got, ok := st.format(v, dec, false); ok {
					if want := p.Sprint(number.Decimal(v, number.MaxFractionDigits(dec))); got != want {
						t.Fatalf("%s Number(%v, %d) = %q, the printer writes %q", lang, v, dec, got, want)
					}
				}
				if got, ok := st.format(v, dec, true); ok {
					if want := p.Sprint(number.Percent(v, number.MaxFractionDigits(dec))); got != want {
						t.Fatalf("%s Percent(%v, %d) = %q, the printer writes %q", lang, v, dec, got, want)
					}
				}
			}
		}
	}
}

func BenchmarkNumber(b *testing.B) {
	l := &Localizer{Lang: "nb", f: newFormatter("nb")}
	for i := 0; b.Loop(); i++ {
		_ = l.Number(float64(i)*1.37, 2)
		_ = l.Percent(float64(i%100)/97, 0)
	}
}
