// Package pagecheck checks how a workbook prints: the size of its body text
// on every printed page and whether any chart is cut by a page break.
//
// Text size is measured on LibreOffice's PDF of the workbook with poppler's
// `pdftotext -bbox`: a word's box height (yMax − yMin, in points) is the
// font's ascent plus descent times its size. For the font LibreOffice
// prints Calibri with (Carlito, its metric twin, from Debian's
// fonts-crosextra-carlito; without it column widths differ from Excel's and
// the page model fails), an 11 pt cell printed at
// 100 % gives boxes 14.30 pt high, a 9 pt one 11.72 pt and a 16 pt one
// 20.78 pt, so size = height / 1.30 (BoxPerPoint). Header and footer text
// (the first line of a page in its top fifth, the line holding "Page" in
// its bottom fifth) is left out, and so is text under the footer, which is
// a chart's text that LibreOffice clips away.
//
// Page breaks are not in the PDF in a usable form, so they are computed
// from the workbook itself (Layout): each sheet's paper, orientation,
// margins and print scale, its row heights and manual breaks give the rows
// of each printed page, and every chart's anchor rows must lie on one page
// and its columns within the page's width. The model is checked against
// LibreOffice: each sheet must print as many pages as the model says
// (counted from the sheet name LibreOffice prints in each page's footer),
// otherwise the check fails, as the chart check could not be trusted.
//
// Layout needs nothing but the workbook and runs in ordinary tests; Check
// needs soffice and pdftotext.
package pagecheck
