// Package reports turns results and the resolved scenario into what people
// and programs read: the results JSON of SCENARIO.md, the console tables,
// and the Excel workbooks of a run, a comparison, a sweep, a solve, the
// evidence, a calibration and a batch's index. It never re-reads the
// scenario file: everything comes from model and sim values.
package reports
