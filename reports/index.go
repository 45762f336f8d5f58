package reports

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/batch"
	"github.com/divsim/divsim/model"
)

// IndexRow is one scenario of a batch: its status and headline figures.
type IndexRow struct {
	File     string // the scenario file as named
	Status   string // "ok", "invalid" or "failed"
	Problems string // validation messages or the failure, for status != ok
	Scenario string
	Client   string
	Workbook string // file name inside the output folder
	// Headline figures of the baseline and of the portfolio with the
	// highest median terminal wealth.
	batch.Headline
	Currency string
	// Resolved is the scenario as run, for the index's Disclosures (nil
	// when the file did not resolve).
	Resolved *model.Scenario
}

var indexHeaders = []string{"File", "Status", "Scenario", "Client", "Workbook", "Baseline", "Baseline median wealth",
	"Baseline success rate", "Baseline goal probability", "Best portfolio (median wealth)", "Best median wealth",
	"Best success rate", "Best goal probability", "Baseline first-year spending", "Baseline median yearly spending (real)",
	"Best first-year spending", "Best median yearly spending (real)", "Currency", "Problems"}

func (r IndexRow) cells() []any {
	opt := func(p *float64) any {
		if p == nil {
			return ""
		}
		return *p
	}
	if r.Status != "ok" {
		out := make([]any, len(indexHeaders))
		for i := range out {
			out[i] = ""
		}
		out[0], out[1], out[2], out[3], out[len(out)-1] = r.File, r.Status, r.Scenario, r.Client, r.Problems
		return out
	}
	// The spending columns are empty without a spending rule.
	return []any{r.File, r.Status, r.Scenario, r.Client, r.Workbook, r.Baseline, r.BaselineMedian, r.BaselineSuccess,
		opt(r.BaselineGoal), r.Best, r.BestMedian, r.BestSuccess, opt(r.BestGoal),
		opt(r.BaselineFirstYear), opt(r.BaselineSpending), opt(r.BestFirstYear), opt(r.BestSpending), r.Currency, ""}
}

// IndexCSV renders the batch index as CSV, one row per scenario.
func IndexCSV(rows []IndexRow) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(indexHeaders); err != nil {
		return nil, err
	}
	for _, r := range rows {
		rec := make([]string, 0, len(indexHeaders))
		for _, c := range r.cells() {
			switch v := c.(type) {
			case float64:
				rec = append(rec, strconv.FormatFloat(v, 'f', -1, 64))
			default:
				rec = append(rec, csvText(fmt.Sprint(v)))
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// csvText escapes a text cell that a spreadsheet would read as a formula
// (one starting with =, +, -, @, a tab or a carriage return) the way OWASP
// recommends, with a leading apostrophe. Figures never pass through here:
// they are written as numbers.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteIndexWorkbook writes the batch index as a workbook, atomically.
func WriteIndexWorkbook(path string, rows []IndexRow) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Index"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	hdr, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F3864"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}})
	moneyFmt, pctFmt := "#,##0", "0.0%"
	money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	pct, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	bad, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
	var errs []error
	keep := func(err error) { errs = append(errs, err) }
	for j, h := range indexHeaders {
		keep(f.SetCellStr(sheet, cell(1+j, 1), h))
	}
	keep(f.SetCellStyle(sheet, "A1", cell(len(indexHeaders), 1), hdr))
	keep(f.SetRowHeight(sheet, 1, 32))
	for i, r := range rows {
		for j, v := range r.cells() {
			c := cell(1+j, 2+i)
			if s, ok := v.(string); ok {
				keep(f.SetCellStr(sheet, c, s)) // text, never a formula
			} else {
				keep(f.SetCellValue(sheet, c, v))
			}
			switch indexHeaders[j] {
			case "Baseline median wealth", "Best median wealth", "Baseline first-year spending", "Baseline median yearly spending (real)",
				"Best first-year spending", "Best median yearly spending (real)":
				keep(f.SetCellStyle(sheet, c, c, money))
			case "Baseline success rate", "Baseline goal probability", "Best success rate", "Best goal probability":
				keep(f.SetCellStyle(sheet, c, c, pct))
			}
		}
		if r.Status != "ok" {
			keep(f.SetCellStyle(sheet, cell(2, 2+i), cell(2, 2+i), bad))
		}
	}
	widths := []float64{28, 9, 34, 20, 28, 30, 16, 12, 12, 30, 16, 12, 12, 14, 16, 14, 16, 9, 80}
	for j, w := range widths {
		col, _ := excelize.ColumnNumberToName(1 + j)
		keep(f.SetColWidth(sheet, col, col, w))
	}
	keep(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("index workbook: %w", err)
		}
	}
	if err := addIndexBackMatter(f, rows); err != nil {
		return fmt.Errorf("index workbook: %w", err)
	}
	return atomicfile.Write(path, func(w io.Writer) error { _, err := f.WriteTo(w); return err })
}
