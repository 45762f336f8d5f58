package configs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzLoad feeds arbitrary bytes, as each format, through decoding and
// validation: they must never panic, and must give either a scenario or
// *Problems whose every line names the file.
func FuzzLoad(f *testing.F) {
	for _, name := range Examples() {
		f.Add(mustExample(name), "yaml")
	}
	files, _ := filepath.Glob("testdata/invalid/*")
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil && !strings.HasSuffix(path, ".want") {
			f.Add(data, strings.TrimPrefix(filepath.Ext(path), "."))
		}
	}
	f.Add([]byte(minimal), "yaml")
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		switch format {
		case "yaml", "toml", "json":
		default:
			format = "yaml"
		}
		name := "fuzz." + format
		slow := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("input still loading after 5 s (%s): %q", format, data)) })
		defer slow.Stop()
		doc, err := Decode(name, data)
		if doc != nil {
			_, err = Resolve(doc, Options{MemoryLimit: 1 << 30})
		}
		if err == nil {
			return
		}
		var probs *Problems
		if !errors.As(err, &probs) {
			t.Fatalf("error %v is not *Problems", err)
		}
		for _, line := range probs.Lines() {
			if !strings.HasPrefix(line, name+": ") {
				t.Fatalf("message %q does not start with the file name", line)
			}
		}
	})
}
