package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

// Month is a calendar month as year*12 + (month − 1), so that consecutive
// months are consecutive integers.
type Month int

// NewMonth returns the month of a year and a 1-based month number.
func NewMonth(year, month int) Month { return Month(year*12 + month - 1) }

// Year and Number are the month's year and 1-based number.
func (m Month) Year() int   { return int(m) / 12 }
func (m Month) Number() int { return int(m)%12 + 1 }

// String writes the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.Number()) }

// series is a monthly series from one raw file.
type series struct {
	name   string
	values map[Month]float64
	first  Month
	last   Month
}

func newSeries(name string) *series {
	return &series{name: name, values: map[Month]float64{}, first: math.MaxInt, last: math.MinInt}
}

func (s *series) set(m Month, v float64) {
	s.values[m] = v
	s.first, s.last = min(s.first, m), max(s.last, m)
}

// at returns the value of month m or an error naming the series and month.
func (s *series) at(m Month) (float64, error) {
	v, ok := s.values[m]
	if !ok {
		return 0, fmt.Errorf("%s: no value for %s", s.name, m)
	}
	return v, nil
}

// Rate-regime rule: the change in the effective federal funds rate over
// the last three months, in percentage points; at least +0.25 (one usual
// Fed move) is hiking, at most −0.25 cutting, anything between steady.
// Before three months of history exist, the change since the first month
// is used.
const (
	regimeLookback  = 3
	regimeThreshold = 0.25
)

// Build turns the raw public files in raw (see raw/SOURCES.md) into the
// shipped monthly table: one row per month in which every series exists,
// decimal fractions per month, as CSV. The output depends only on the raw
// files, so `go generate ./history` rebuilds it byte for byte.
func Build(raw fs.FS) ([]byte, error) {
	ff, err := readFamaFrench(raw)
	if err != nil {
		return nil, err
	}
	small, large, err := readSizeDeciles(raw)
	if err != nil {
		return nil, err
	}
	fred := map[string]*series{}
	for _, name := range []string{"GS10", "CPIAUCSL", "FEDFUNDS", "USREC"} {
		if fred[name], err = readFRED(raw, name); err != nil {
			return nil, err
		}
	}
	gs10, cpi, funds, rec := fred["GS10"], fred["CPIAUCSL"], fred["FEDFUNDS"], fred["USREC"]

	// The window: every column defined, including the previous month that
	// the bond return and inflation need.
	first := max(ff.mkt.first, small.first, large.first, gs10.first+1, cpi.first+1, funds.first, rec.first)
	last := min(ff.mkt.last, small.last, large.last, gs10.last, cpi.last, funds.last, rec.last)
	if last < first {
		return nil, errors.New("the raw series have no month in common")
	}

	var b bytes.Buffer
	b.WriteString("date,us_market,us_small,us_large,tbill,bonds_10y,inflation,recession,rate_regime,growth\n")
	for m := first; m <= last; m++ {
		row, err := buildRow(m, funds.first, ff, small, large, gs10, cpi, funds, rec)
		if err != nil {
			return nil, err
		}
		b.WriteString(row)
	}
	return b.Bytes(), nil
}

func buildRow(m, fundsFirst Month, ff *famaFrench, small, large, gs10, cpi, funds, rec *series) (string, error) {
	var errs []error
	get := func(s *series, m Month) float64 {
		v, err := s.at(m)
		errs = append(errs, err)
		return v
	}
	mktRF, rf := get(ff.mkt, m), get(ff.rf, m)
	sm, lg := get(small, m), get(large, m)
	y0, y1 := get(gs10, m-1), get(gs10, m)
	c0, c1 := get(cpi, m-1), get(cpi, m)
	fNow, fThen := get(funds, m), get(funds, max(m-regimeLookback, fundsFirst))
	r := get(rec, m)
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	regime := "steady"
	switch d := fNow - fThen; {
	case d >= regimeThreshold-1e-9:
		regime = "hiking"
	case d <= -regimeThreshold+1e-9:
		regime = "cutting"
	}
	// Percent with two decimals → fractions with four, exactly.
	pct := func(p float64) string { return strconv.FormatFloat(p/100, 'f', 4, 64) }
	growth := "expansion"
	if r == 1 {
		growth = "recession"
	}
	return fmt.Sprintf("%s,%s,%s,%s,%s,%s,%s,%d,%s,%s\n", m,
		pct(mktRF+rf), pct(sm), pct(lg), pct(rf),
		strconv.FormatFloat(BondReturn(y0/100, y1/100), 'f', 6, 64),
		strconv.FormatFloat(c1/c0-1, 'f', 6, 64),
		int(r), regime, growth), nil
}

// BondReturn is the month's total return of a 10-year Treasury bought at
// par at the start of the month at yield y0 (annual, decimal) and valued at
// the end at yield y1: a month of coupon carry, y0/12, plus the price change
// from fully repricing the bond (semiannual coupons y0/2, 20 periods) at y1,
// which includes every convexity term rather than duration and convexity
// alone. The maturity is held at 10 years, as the constant-maturity series
// is; the month of roll-down this ignores is small next to the yield change.
func BondReturn(y0, y1 float64) float64 {
	return y0/12 + bondPrice(y0, y1, 20) - 1
}

// bondPrice is the price per 1 of face of a bond with annual coupon rate c
// paid semiannually over n periods, at annual yield y compounded
// semiannually.
func bondPrice(c, y float64, n int) float64 {
	v := 1 / (1 + float64(y/2))
	disc := math.Pow(v, float64(n))
	if y == 0 {
		return float64(c/2*float64(n)) + 1
	}
	return c/2*(1-disc)/(y/2) + disc
}

// famaFrench holds the monthly market excess return and the T-bill rate.
type famaFrench struct{ mkt, rf *series }

// readFamaFrench reads the monthly block of F-F_Research_Data_Factors.csv:
// YYYYMM, Mkt-RF, SMB, HML, RF in percent, up to the first blank line.
func readFamaFrench(raw fs.FS) (*famaFrench, error) {
	const name = "F-F_Research_Data_Factors.csv"
	ff := &famaFrench{mkt: newSeries("Mkt-RF"), rf: newSeries("RF")}
	err := scanMonthlyBlock(raw, name, ",Mkt-RF,SMB,HML,RF", func(m Month, cells []float64) error {
		if len(cells) != 4 {
			return fmt.Errorf("want 4 numbers, found %d", len(cells))
		}
		ff.mkt.set(m, cells[0])
		ff.rf.set(m, cells[3])
		return nil
	})
	return ff, err
}

// readSizeDeciles reads the value-weighted monthly block of
// Portfolios_Formed_on_ME.CSV and returns its bottom ("Lo 10") and top
// ("Hi 10") size deciles. -99.99 marks a missing value.
func readSizeDeciles(raw fs.FS) (small, large *series, err error) {
	const name = "Portfolios_Formed_on_ME.CSV"
	small, large = newSeries("Lo 10"), newSeries("Hi 10")
	const header = ",<= 0,Lo 30,Med 40,Hi 30,Lo 20,Qnt 2,Qnt 3,Qnt 4,Hi 20,Lo 10,Dec 2,Dec 3,Dec 4,Dec 5,Dec 6,Dec 7,Dec 8,Dec 9,Hi 10"
	err = scanMonthlyBlock(raw, name, header, func(m Month, cells []float64) error {
		if len(cells) != 19 {
			return fmt.Errorf("want 19 numbers, found %d", len(cells))
		}
		lo, hi := cells[9], cells[18]
		if lo > -99 {
			small.set(m, lo)
		}
		if hi > -99 {
			large.set(m, hi)
		}
		return nil
	})
	return small, large, err
}

// scanMonthlyBlock calls row for each YYYYMM row of the first block that
// follows the header line, up to the next line that is not such a row.
func scanMonthlyBlock(raw fs.FS, name, header string, row func(Month, []float64) error) error {
	data, err := fs.ReadFile(raw, name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line, inBlock := 0, false
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r ")
		if !inBlock {
			inBlock = text == header
			continue
		}
		fields := strings.Split(text, ",")
		date := strings.TrimSpace(fields[0])
		if len(date) != 6 {
			return nil // the block ends
		}
		y, err1 := strconv.Atoi(date[:4])
		mo, err2 := strconv.Atoi(date[4:])
		if err1 != nil || err2 != nil || mo < 1 || mo > 12 {
			return fmt.Errorf("%s:%d: date %q is not YYYYMM", name, line, date)
		}
		cells := make([]float64, 0, len(fields)-1)
		for col, f := range fields[1:] {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return fmt.Errorf("%s:%d: column %d: %q is not a number", name, line, col+2, f)
			}
			cells = append(cells, v)
		}
		if err := row(NewMonth(y, mo), cells); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	if !inBlock {
		return fmt.Errorf("%s: no line %q", name, header)
	}
	return sc.Err()
}

// readFRED reads a FRED series file NAME.csv: a header, then YYYY-MM-DD,value
// rows. A date that is not the first of a month is the last day of the
// previous month (USREC's dates before 1900-03), which stands for the next.
func readFRED(raw fs.FS, name string) (*series, error) {
	file := name + ".csv"
	data, err := fs.ReadFile(raw, file)
	if err != nil {
		return nil, err
	}
	s := newSeries(name)
	for i, text := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == 0 {
			continue // header
		}
		date, val, ok := strings.Cut(strings.TrimSpace(text), ",")
		var y, mo, d int
		if _, err := fmt.Sscanf(date, "%d-%d-%d", &y, &mo, &d); !ok || err != nil {
			return nil, fmt.Errorf("%s:%d: %q is not DATE,VALUE", file, i+1, text)
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %q is not a number", file, i+1, val)
		}
		m := NewMonth(y, mo)
		if d != 1 {
			m++
		}
		s.set(m, v)
	}
	return s, nil
}
