package reports

import (
	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/model"
)

// inlineAssets is the most assets whose correlation matrices print on the
// Assumptions sheet, in the columns its tables share (see
// assumptionWidths), at 9 pt or more. With more assets the matrices get a
// Correlations sheet of their own, whose columns are as narrow as
// two-decimal numbers allow and whose headers, the assets' ids, stand
// upright; the Assumptions sheet's tables then keep their widths.
const inlineAssets = 10

// correlationsApart reports whether the workbook shows the correlation
// matrices on a Correlations sheet of their own.
func correlationsApart(sc *model.Scenario) bool { return len(sc.Assets) > inlineAssets }

// shownCorrelations are the matrices the workbook shows: the scenario's,
// or under bootstrap those of the history's calendar-year returns (Σ),
// since whole months are drawn and the history's correlations apply, not
// the placeholder identity matrix.
func shownCorrelations(sc *model.Scenario) []model.Correlation {
	if sc.History != nil {
		return []model.Correlation{{Name: "history (calendar-year returns in the window)", Matrix: model.CorrelationOf(sc.Sigma)}}
	}
	return sc.Correlations
}

// correlationMatrix writes matrix c from row r of s: its title, the
// assets' names across (their ids, upright, when upright), a row per asset with its name
// in column A, shaded from blue (−1) through white to red (1); the title
// and the matrix print on one page. It returns the row after the matrix.
func (b *book) correlationMatrix(s *sheet, r int, c model.Correlation, upright bool) int {
	st, assets := b.st, b.sc.Assets
	n := len(assets)
	s.keepTogether(r, r+1+n)
	s.set(1, r, "Correlations: "+c.Name, st.subtitle)
	r++
	ids := make([]any, n) // names across, as down the side; ids upright in the narrow columns of many assets
	for j, a := range assets {
		ids[j] = a.Name
		if upright {
			ids[j] = a.ID
		}
	}
	s.set(1, r, "", st.header)
	if upright {
		uprightHeads(s, r, ids, 2)
	} else {
		s.header(2, r, ids...) // tall enough for the names to wrap
	}
	nameWidth := float64(assumptionNameColumn) // on the Assumptions sheet
	if upright {
		nameWidth = correlationWidths(n)[0] // on a Correlations sheet
	}
	for i, a := range assets {
		s.nameCell(1, r+1+i, a.Name, nameWidth)
		for j := range n {
			s.set(2+j, r+1+i, c.Matrix.At(i, j), st.number2)
		}
	}
	s.keep(b.f.SetConditionalFormat(s.name, cell(2, r+1)+":"+cell(1+n, r+n), []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=", MinType: "num", MidType: "num", MaxType: "num",
		MinValue: "-1", MidValue: "0", MaxValue: "1", MinColor: "#5B9BD5", MidColor: "#FFFFFF", MaxColor: "#F8696B",
	}}))
	return r + n + 1
}

// correlations writes the Correlations sheet of a scenario with more than
// inlineAssets assets: every matrix it shows, each whole on a page.
func (b *book) correlations(s *sheet) {
	s.set(1, 1, "Correlations", b.st.title)
	r := 3
	for _, c := range shownCorrelations(b.sc) {
		r = b.correlationMatrix(s, r, c, true) + 1
	}
	s.widths(correlationWidths(len(b.sc.Assets))...)
}

// correlationWidths are the Correlations sheet's column widths for n
// assets: the assets' names, then n columns that share about 150 widths
// (see assumptionWidths), from 12 down to 7, where "-0.25" still fits.
func correlationWidths(n int) []float64 {
	const name = 30
	w := max(7, min(12, float64(150-name)/float64(n)))
	widths := []float64{name}
	for range n {
		widths = append(widths, w)
	}
	return widths
}
