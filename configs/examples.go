package configs

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

//go:embed examples/*.yaml
var examples embed.FS

// Examples lists the names of the embedded example scenarios.
func Examples() []string {
	entries, _ := fs.ReadDir(examples, "examples")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// Example returns the bytes of the named embedded example scenario.
func Example(name string) ([]byte, error) {
	data, err := examples.ReadFile("examples/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no example named %q (want one of %s)", name, strings.Join(Examples(), ", "))
	}
	return data, nil
}

// mustExample returns an example that the build embeds; its absence is a
// programming error.
func mustExample(name string) []byte {
	data, err := Example(name)
	if err != nil {
		panic(err)
	}
	return data
}
