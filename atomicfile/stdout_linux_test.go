package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestRedirectedStdoutKeepsWhatWasPrinted: a command whose stdout goes to
// a file prints its table, then writes its JSON to /dev/stdout (here the
// file's /proc/self/fd name): the JSON comes after the table, alone and in
// a group (opened anew, appended), and the file is not replaced by a
// rename. (What the command prints to its own stdout after that would
// write at its own offset: divsim's commands send a JSON meant for their
// stdout through it instead, as for -.)
func TestRedirectedStdoutKeepsWhatWasPrinted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "all.txt")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	fd := fmt.Sprintf("/proc/self/fd/%d", out.Fd())
	out.WriteString("TABLE\n")
	if err := Check(fd); err != nil {
		t.Errorf("Check: %v", err)
	}
	if err := WriteBytes(fd, []byte("JSON\n")); err != nil {
		t.Fatal(err)
	}
	var g Group
	if err := g.WriteBytes(fd, []byte("GROUP\n")); err != nil {
		t.Fatal(err)
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "TABLE\nJSON\nGROUP\n" {
		t.Errorf("file holds %q", got)
	}
}
