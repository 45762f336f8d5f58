// Package reports turns a run's results and the resolved scenario into what
// people and programs read: the results JSON of SCENARIO.md, the terminal
// summary table and (with the report issue) the Excel workbook. It never
// re-reads the scenario file: everything comes from model and sim values.
package reports
