package pagecheck

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// BoxPerPoint is a word box's height per point of font size in
// `pdftotext -bbox` output, measured on LibreOffice's PDF of 9, 11 and
// 16 pt cells at 100 % (11.72, 14.30 and 20.78 pt boxes).
const BoxPerPoint = 1.30

// Word is one word of a PDF page with its box, in points from the page's
// top left corner.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// Size is the word's font size in points, from its box height.
func (w Word) Size() float64 { return (w.YMax - w.YMin) / BoxPerPoint }

// PDFPage is one page of a PDF: its size and words.
type PDFPage struct {
	Width, Height float64
	Words         []Word
}

// Available reports whether the tools Check needs are installed.
func Available() bool {
	for _, tool := range []string{"soffice", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			return false
		}
	}
	return true
}

// Render converts a workbook to PDF with LibreOffice into dir and returns
// the PDF's path.
func Render(ctx context.Context, workbook, dir string) (string, error) {
	profile, err := os.MkdirTemp("", "pagecheck-profile-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(profile)
	cmd := exec.CommandContext(ctx, "soffice", "--headless", "-env:UserInstallation=file://"+profile,
		"--convert-to", "pdf", "--outdir", dir, workbook)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("soffice: %w: %s", err, stderr.String())
	}
	pdf := filepath.Join(dir, strings.TrimSuffix(filepath.Base(workbook), filepath.Ext(workbook))+".pdf")
	if _, err := os.Stat(pdf); err != nil {
		return "", fmt.Errorf("soffice wrote no PDF: %w: %s", err, stderr.String())
	}
	return pdf, nil
}

// ReadPDF returns every page's words, from `pdftotext -bbox`.
func ReadPDF(ctx context.Context, pdf string) ([]PDFPage, error) {
	out, err := exec.CommandContext(ctx, "pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext: %w", err)
	}
	return parseBBox(bytes.NewReader(out))
}

// parseBBox reads pdftotext's -bbox XHTML: <page width height> elements
// holding <word xMin yMin xMax yMax>text</word>.
func parseBBox(r io.Reader) ([]PDFPage, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	var pages []PDFPage
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return pages, nil
		}
		if err != nil {
			return nil, fmt.Errorf("pdftotext output: %w", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "page":
			var p PDFPage
			p.Width, p.Height = attr(el, "width"), attr(el, "height")
			pages = append(pages, p)
		case "word":
			var text string
			if err := d.DecodeElement(&text, &el); err != nil {
				return nil, fmt.Errorf("pdftotext output: %w", err)
			}
			if len(pages) == 0 {
				return nil, errors.New("pdftotext output: a word before any page")
			}
			p := &pages[len(pages)-1]
			p.Words = append(p.Words, Word{Text: text, XMin: attr(el, "xMin"), YMin: attr(el, "yMin"), XMax: attr(el, "xMax"), YMax: attr(el, "yMax")})
		}
	}
}

func attr(el xml.StartElement, name string) float64 {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			var v float64
			fmt.Sscan(a.Value, &v)
			return v
		}
	}
	return 0
}
