package reports

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/divsim/divsim/atomicfile"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

// studyBook builds the workbook of a study of one scenario (sweep, solve,
// evidence): its own first sheet, named first and laid out by
// build (which may add sheets after it), then the scenario's Assumptions
// when withAssumptions, then the Glossary and Disclosures of c, each
// printed like every sheet.
func studyBook(sc *model.Scenario, stamp Stamp, first string, withAssumptions bool,
	build func(*sheet) error, c contents) (_ *excelize.File, err error) {
	f := excelize.NewFile()
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	b := &book{f: f, sc: sc, kind: c.kind, in: WorkbookInput{Scenario: sc, Stamp: stamp}}
	if err := b.makeStyles(); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		return nil, err
	}
	s := &sheet{b: b, name: first}
	if err := build(s); err != nil {
		return nil, err
	}
	s.printSetup()
	if s.err != nil {
		return nil, s.err
	}
	if withAssumptions {
		b.res = &sim.Results{Paths: sc.Simulation.Paths, Seed: sc.Simulation.Seed}
		if err := b.addSheet(sheetAssumptions, b.assumptions); err != nil {
			return nil, err
		}
		if correlationsApart(sc) {
			if err := b.addSheet(sheetCorrelations, b.correlations); err != nil {
				return nil, err
			}
		}
	}
	if err := b.addBackMatter(c); err != nil {
		return nil, err
	}
	return f, nil
}

// writeBook writes the workbook build makes to path atomically: a
// temporary file renamed into place once complete.
func writeBook(path string, build func() (*excelize.File, error)) error {
	f, err := build()
	if err != nil {
		return err
	}
	defer f.Close()
	return atomicfile.Write(path, func(w io.Writer) error { _, err := f.WriteTo(w); return err })
}
