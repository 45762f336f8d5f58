//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteThroughLinks: a write to a symbolic link writes the file it
// points to, there already or not, and leaves the link a link.
func TestWriteThroughLinks(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, before string }{{"to a file", "old"}, {"dangling", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			target, link := filepath.Join(dir, tc.name+".json"), filepath.Join(dir, tc.name+"-link.json")
			if tc.before != "" {
				os.WriteFile(target, []byte(tc.before), 0o644)
			}
			if err := os.Symlink(filepath.Base(target), link); err != nil {
				t.Fatal(err)
			}
			if err := Check(link); err != nil {
				t.Errorf("Check: %v", err)
			}
			if err := WriteBytes(link, []byte("new")); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v, %v", st.Mode(), err)
			}
			if got, _ := os.ReadFile(target); string(got) != "new" {
				t.Errorf("target holds %q, want new", got)
			}
			// A group names the link as its caller did.
			var g Group
			if err := g.WriteBytes(link, []byte("newer")); err != nil {
				t.Fatal(err)
			}
			if r := g.Replacing(); len(r) != 1 || r[0] != link {
				t.Errorf("Replacing = %v, want [%s]", r, link)
			}
			if err := g.Commit(); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(target); string(got) != "newer" {
				t.Errorf("target holds %q, want newer", got)
			}
		})
	}
	// A relative link in a folder reached through a link counts from the
	// folder it is really in.
	real, shared := filepath.Join(dir, "real"), filepath.Join(dir, "shared")
	os.Mkdir(real, 0o755)
	os.Mkdir(shared, 0o755)
	os.Mkdir(filepath.Join(dir, "deep"), 0o755)
	os.Symlink(real, filepath.Join(dir, "deep", "alias"))
	os.Symlink("../shared/x.json", filepath.Join(real, "up.json"))
	if err := WriteBytes(filepath.Join(dir, "deep", "alias", "up.json"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(shared, "x.json")); string(got) != "x" {
		t.Errorf("shared/x.json holds %q, want x", got)
	}
}

// TestWriteToPipes: a write to a named pipe (as to /dev/null or
// /dev/stdout) sends the content down it and leaves the pipe a pipe, alone
// and in a group; Check accepts it.
func TestWriteToPipes(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err) // a file system without them, not a CPU feature
	}
	read := func() <-chan string {
		got := make(chan string)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- err.Error()
				return
			}
			data, _ := io.ReadAll(f)
			f.Close()
			got <- string(data)
		}()
		return got
	}
	if err := Check(fifo); err != nil {
		t.Errorf("Check: %v", err)
	}
	got := read()
	if err := WriteBytes(fifo, []byte("results")); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "results" {
		t.Errorf("pipe read %q", s)
	}

	var g Group
	file := filepath.Join(dir, "book.xlsx")
	if err := g.WriteBytes(fifo, []byte("json")); err != nil {
		t.Fatal(err)
	}
	if err := g.WriteBytes(file, []byte("book")); err != nil {
		t.Fatal(err)
	}
	if r := g.Replacing(); len(r) != 0 {
		t.Errorf("Replacing = %v, want none (a pipe is not replaced)", r)
	}
	got = read()
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "json" {
		t.Errorf("pipe read %q", s)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v, %v", st.Mode(), err)
	}
	if b, _ := os.ReadFile(file); string(b) != "book" {
		t.Errorf("book holds %q", b)
	}
	if l := temps(t, dir); len(l) != 0 {
		t.Errorf("temporary files left: %v", l)
	}
}
