package batch

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/divsim/divsim/configs"
	"github.com/divsim/divsim/model"
	"github.com/divsim/divsim/sim"
)

func loadAs(t *testing.T, name, text string, paths int) *model.Scenario {
	t.Helper()
	doc, err := configs.Decode(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := configs.Resolve(doc, configs.Options{Overrides: configs.Overrides{Paths: &configs.Override[int]{Value: paths, From: "test"}}})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestCompareEqualsSingleRuns: every cell of a comparison equals the plain
// run of that scenario; portfolio order follows the first file even when
// another lists them differently.
func TestCompareEqualsSingleRuns(t *testing.T) {
	base := defaultText(t)
	recession := strings.Replace(base, "mean_years: 6", "mean_years: 3", 1)
	// List the last portfolio first in the second file.
	i := strings.Index(recession, "  - name: Growth with 15% small caps")
	j := strings.Index(recession, "baseline:")
	recession = strings.Replace(recession[:i]+recession[j:], "portfolios:\n", "portfolios:\n"+recession[i:j], 1)
	scs := []*model.Scenario{loadAs(t, "base.yaml", base, 300), loadAs(t, "recession.yaml", recession, 300)}
	c, err := Compare(context.Background(), scs, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for s, sc := range scs {
		single, err := sim.Run(context.Background(), sc, sim.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for p, name := range c.Portfolios {
			got := c.Get(s, p)
			if got.Name != name {
				t.Fatalf("scenario %d, portfolio %d is %q, want %q", s, p, got.Name, name)
			}
			var want sim.Portfolio
			for _, x := range single.Portfolios {
				if x.Name == name {
					want = x
				}
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("%s in %s differs from its single run", name, sc.Info.Source.File)
			}
		}
	}
}

func TestCompareMismatch(t *testing.T) {
	base := defaultText(t)
	other := strings.Replace(base, "name: Growth 80/20", "name: Growth 80-20", 1)
	third := strings.Replace(base, "name: Conservative 30/70", "name: Cautious", 1)
	err := CheckComparable([]*model.Scenario{loadAs(t, "a.yaml", base, 10), loadAs(t, "b.yaml", other, 10), loadAs(t, "c.yaml", third, 10)})
	if err == nil {
		t.Fatal("no error for mismatched portfolios")
	}
	for _, want := range []string{
		`portfolio "Conservative 30/70" is in a.yaml and b.yaml but not in c.yaml`,
		`portfolio "Growth 80/20" is in a.yaml and c.yaml but not in b.yaml`,
		`portfolio "Growth 80-20" is in b.yaml but not in a.yaml and c.yaml`,
		`portfolio "Cautious" is in c.yaml but not in a.yaml and b.yaml`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}
