package configs

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/divsim/divsim/history"
	"github.com/divsim/divsim/internal/words"
	"github.com/divsim/divsim/model"
)

// Range limits of scenario format 1.
const (
	MaxPaths        = 10_000_000
	MaxHorizonYears = 100
	DefaultPaths    = 10_000
	DefaultSteps    = 12
	DefaultSeed     = 1
	sumTolerance    = 1e-6 // weights and probabilities must sum to 1 within this
	maxVolatility   = 2
)

// defaultPercentiles are the report percentiles when a file names none.
func defaultPercentiles() []float64 { return []float64{5, 25, 50, 75, 95} }

// Override is a value given on the command line or in the environment that
// replaces the file's; From names where it came from for messages.
type Override[T any] struct {
	Value T
	From  string // e.g. "--paths" or "DIVSIM_PATHS"
}

// Overrides replace file values before the file is checked, so the result
// is validated exactly as if the file had said it.
type Overrides struct {
	Paths   *Override[int]
	Horizon *Override[int]
	Seed    *Override[uint64]
	Report  *Override[string] // the workbook's file name
}

// Options tune Resolve.
type Options struct {
	Overrides Overrides
	// MemoryLimit is the bytes a run may use; a scenario whose estimate
	// exceeds it is invalid. 0 disables the check.
	MemoryLimit uint64
	// Shards is the number of shards the paths are split into (0 or 1 for
	// one run); the memory check is then for one shard's paths.
	Shards int
	// Workers is the number of goroutines the run will use (0: one per
	// CPU), for the memory check.
	Workers int
	// History is the monthly history a bootstrap draws from (--history);
	// nil means the shipped table. HistoryData is its file's contents,
	// whose digest the results report.
	History     *history.Table
	HistoryData []byte
	// WholeSpending refuses a horizon set by Overrides.Horizon that would
	// end the spending rule before the file's plan does: divsim solve
	// finds what a client can spend through the rule's last year, and a
	// plan cut short asks what lasts fewer years.
	WholeSpending bool
	// Note, when set, receives each change Resolve made to the file's
	// values (years past a horizon set by Overrides.Horizon are cut at it),
	// one "FILE: key: what was done" line each, once the file is valid.
	Note func(string)
}

var (
	identifier   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)
)

const identWant = "want lowercase letters, digits and _, starting with a letter"

// resolver carries one Resolve call's state: the file, what has been built
// so far and the problems found.
type resolver struct {
	doc    *Document
	f      *File
	opts   Options
	probs  problems
	notes  []string          // see Options.Note
	labels map[string]string // key path → path with where an override came from
	sc     *model.Scenario
	assets map[string]int // asset id → index
	// named counts the references to each asset id (holdings, effects,
	// stress tests), known or not, for misspeltAssetIDs.
	named map[string][]string
	// heldAssets marks assets some portfolio holds (for stress tests).
	heldAssets []bool
	// corrNames maps a named correlation matrix to its index in
	// sc.Correlations, once it is known to be valid.
	corrNames map[string]int
	// misnamedBase is the name of the only correlation matrix given when
	// it is not base and no regime state names it (already reported).
	misnamedBase string
	// chainEffects holds each valid chain's checked effects, in chain order.
	chainEffects []chainEffects
	// Bootstrap and rolling windows (historical): the history, the
	// window's first and last rows, Σ from the history and the history's
	// digest.
	bootstrap     bool
	historical    bool
	table         *history.Table
	window        [2]int
	historySigma  *mat.SymDense
	historySHA256 string
	windowStarts  []string // historical: each window's first month
	wrap          bool     // historical: history_window.wrap
}

// fromHistory reports whether asset returns come from history: a
// bootstrap or rolling windows.
func (r *resolver) fromHistory() bool { return r.bootstrap || r.historical }

// Resolve checks every rule of scenario format 1 and returns the resolved
// scenario, or *Problems listing every broken rule, including the document's
// decoding problems.
func Resolve(doc *Document, opts Options) (*model.Scenario, error) {
	f := doc.File // a copy: overrides must not change the caller's document
	r := &resolver{doc: doc, f: &f, opts: opts, labels: map[string]string{},
		sc: &model.Scenario{Info: model.Info{Source: model.Source{File: doc.Name, SHA256: doc.SHA256, BuiltIn: doc.BuiltIn}}}}
	r.applyOverrides()
	r.format()
	r.info()
	r.names()
	r.simulation()
	r.assetList()
	if r.fromHistory() && r.probs.empty() { // so every asset names a valid column
		r.bootstrapAssets()
	}
	r.correlations()
	r.inflation()
	r.regimes()
	r.portfolios()
	r.cashflows()
	r.household()
	r.spending()
	r.goal()
	r.baseline()
	r.stressTests()
	r.misspeltAssetIDs()
	r.invalidAssetIDs()
	r.report()
	r.unusedMatrices()
	if r.probs.empty() {
		r.jointStates()
		if r.bootstrap && r.probs.empty() {
			r.stateMonths()
		}
	}
	if r.probs.empty() {
		r.unusual()
		r.sc.Sigma = model.LongRunCovariance(r.sc.Regimes.States, r.sc.Correlations)
		if r.fromHistory() {
			r.sc.Sigma = r.historySigma
		}
		r.memory()
	}
	// A value an override set is named with where it came from; the
	// file's own mistakes (read before any override) are the file's.
	resolved := r.explained(r.probs.list)
	for i, p := range resolved {
		if l, ok := r.labels[p.Key]; ok {
			resolved[i].Key = l
		}
	}
	r.probs.list = append(slices.Clone(doc.problems), resolved...)
	nameItems(r.probs.list, &doc.File)
	if err := r.probs.err(doc.Name); err != nil {
		return nil, err
	}
	if opts.Note != nil {
		for _, n := range r.notes {
			opts.Note(n)
		}
	}
	return r.sc, nil
}

// explained drops problems at key paths a decoding problem already
// explains, or below them, and those that only follow from a section that
// a decoding problem explains or that is reported itself (assets: written
// as asset:, or missing, leaves every reference to an asset unknown).
func (r *resolver) explained(list []Problem) []Problem {
	reported := map[string]bool{}
	for _, p := range list {
		reported[p.Key] = true
	}
	// What a problem needs is explained when it, a section holding it, or
	// one of its own keys (not a key of its list items, nor deeper) is
	// claimed or reported: regimes.chain, claiming regimes.chains,
	// explains what the regimes would have named; a wrong value in one
	// matrix explains nothing about another's name.
	explainedNeed := func(need string) bool {
		for k := need; k != ""; k = parentKey(k) {
			if r.doc.claimed[k] || reported[k] {
				return true
			}
		}
		for k := range r.doc.claimed {
			if child, ok := strings.CutPrefix(k, need+"."); ok && !strings.ContainsAny(child, ".[") {
				return true
			}
		}
		return false
	}
	return slices.DeleteFunc(list, func(p Problem) bool {
		if p.needs != "" && explainedNeed(p.needs) {
			return true
		}
		for k := p.Key; k != ""; k = parentKey(k) {
			if r.doc.claimed[k] {
				return true
			}
		}
		return false
	})
}

// parentKey strips the last element of a key path: "a.b[2]" → "a.b" → "a".
func parentKey(k string) string {
	i := strings.LastIndexAny(k, ".[")
	if i < 0 {
		return ""
	}
	return k[:i]
}

func (r *resolver) applyOverrides() {
	o := r.opts.Overrides
	if o.Paths != nil {
		r.f.Simulation.Paths = &o.Paths.Value
		r.labels["simulation.paths"] = "simulation.paths (set by " + o.Paths.From + ")"
	}
	if o.Horizon != nil {
		r.f.Simulation.HorizonYears = &o.Horizon.Value
		r.labels["simulation.horizon_years"] = "simulation.horizon_years (set by " + o.Horizon.From + ")"
	}
	if o.Seed != nil {
		r.f.Simulation.Seed = &o.Seed.Value
	}
	if o.Report != nil {
		r.f.Report.File = o.Report.Value
		r.labels["report.file"] = "report.file (set by " + o.Report.From + ")"
	}
}

func (r *resolver) format() {
	switch {
	case r.f.Format == nil:
		r.probs.add("format", "want 1", "missing")
	case *r.f.Format != 1:
		r.probs.add("format", "want 1, the format this divsim reads", "is %d", *r.f.Format)
	}
}

func (r *resolver) info() {
	in := r.f.Scenario
	info := &r.sc.Info
	info.Name = strings.TrimSpace(in.Name)
	if info.Name == "" {
		base := filepath.Base(r.doc.Name)
		info.Name = strings.TrimSuffix(base, filepath.Ext(base))
	}
	info.Client, info.PreparedBy = in.Client, in.PreparedBy
	if a := r.f.Household.Age; a != nil { // its range is household()'s to check
		age := *a
		info.Age = &age
	}
	info.Currency = cmp.Or(in.Currency, "USD")
	if !currencyCode.MatchString(info.Currency) {
		r.probs.add("scenario.currency", "want a three-letter ISO 4217 code such as USD", "is %q", info.Currency)
	}
	if in.AsOf != "" {
		if _, err := time.Parse(time.DateOnly, in.AsOf); err != nil {
			r.probs.add("scenario.as_of", "want a date written YYYY-MM-DD", "is %q", in.AsOf)
		}
	}
	info.AsOf = in.AsOf
}

func (r *resolver) simulation() {
	in := r.f.Simulation
	sim := &r.sc.Simulation
	sim.Paths = deref(in.Paths, DefaultPaths)
	if (sim.Paths < 1 || sim.Paths > MaxPaths) && deref(in.ReturnModel, "") != "historical" { // historical: ignored (see windows)
		r.probs.add("simulation.paths", "want 1 to 10,000,000", "is %d", sim.Paths)
	}
	if in.HorizonYears == nil {
		r.probs.add("simulation.horizon_years", fmt.Sprintf("want whole years from 1 to %d", MaxHorizonYears), "missing")
	} else if sim.HorizonYears = *in.HorizonYears; sim.HorizonYears < 1 || sim.HorizonYears > MaxHorizonYears {
		r.probs.add("simulation.horizon_years", fmt.Sprintf("want whole years from 1 to %d", MaxHorizonYears), "is %d", sim.HorizonYears)
	}
	sim.StepsPerYear = deref(in.StepsPerYear, DefaultSteps)
	if k := sim.StepsPerYear; k != 1 && k != 4 && k != 12 {
		r.probs.add("simulation.steps_per_year", "want 1, 4 or 12", "is %d", k)
		sim.StepsPerYear = DefaultSteps // keep checking periods against something sensible
	}
	sim.Seed = deref(in.Seed, DefaultSeed)
	switch rm := deref(in.ReturnModel, "lognormal"); rm {
	case "lognormal":
		sim.ReturnModel = model.Lognormal
	case "student_t":
		sim.ReturnModel = model.StudentT
		switch {
		case in.DegreesOfFreedom == nil:
			r.probs.add("simulation.degrees_of_freedom", "want a number above 4 for return_model: student_t", "missing")
		case *in.DegreesOfFreedom <= 4 || *in.DegreesOfFreedom > 1e6:
			r.probs.add("simulation.degrees_of_freedom", "want a number above 4 and at most 1,000,000; the t's kurtosis is infinite at 4", "is %v", *in.DegreesOfFreedom)
		default:
			sim.DegreesOfFreedom = *in.DegreesOfFreedom
		}
	case "bootstrap":
		sim.ReturnModel = model.Bootstrap
		r.bootstrap = true
		r.historySettings()
		r.blockSettings()
	case "historical":
		sim.ReturnModel = model.Historical
		r.historical = true
		r.historySettings()
		r.windows()
	default:
		r.probs.add("simulation.return_model", words.ChoiceWant(rm, "want lognormal, student_t, bootstrap or historical", "lognormal", "student_t", "bootstrap", "historical"), "is %q", rm)
	}
	if in.DegreesOfFreedom != nil && sim.ReturnModel != model.StudentT && deref(in.ReturnModel, "") != "bootstrap" {
		r.probs.add("simulation.degrees_of_freedom", "want it only with return_model: student_t", "is set but return_model is %s", deref(in.ReturnModel, "lognormal"))
	}
	if in.BlockMonths != nil && deref(in.ReturnModel, "") != "bootstrap" {
		r.probs.add("simulation.block_months", "want it only with return_model: bootstrap", "is set but return_model is %s", deref(in.ReturnModel, "lognormal"))
	}
	if in.BlockType != nil && deref(in.ReturnModel, "") != "bootstrap" {
		r.probs.add("simulation.block_type", "want it only with return_model: bootstrap", "is set but return_model is %s", deref(in.ReturnModel, "lognormal"))
	}
	if in.HistoryWindow != nil && !r.fromHistory() {
		r.probs.add("simulation.history_window", "want it only with return_model: bootstrap or historical", "is set but return_model is %s", deref(in.ReturnModel, "lognormal"))
	}
}

func (r *resolver) baseline() {
	if len(r.sc.Portfolios) == 0 {
		return
	}
	if r.f.Baseline == nil {
		r.sc.Baseline = 0
		return
	}
	i := slices.IndexFunc(r.f.Portfolios, func(p Portfolio) bool { return p.Name == *r.f.Baseline })
	if i < 0 {
		var names []string
		for _, p := range r.f.Portfolios {
			names = append(names, p.Name)
		}
		r.probs.add("baseline", words.ChoiceWant(*r.f.Baseline, "want the name of one of the portfolios", names...), "names no portfolio: %q", *r.f.Baseline)
		return
	}
	r.sc.Baseline = i
}

func (r *resolver) report() {
	in := r.f.Report
	rep := &r.sc.Report
	rep.File, rep.Named = in.File, in.File != ""
	if rep.File == "" {
		base := filepath.Base(r.doc.Name)
		rep.File = strings.TrimSuffix(base, filepath.Ext(base)) + ".xlsx"
	} else if !strings.EqualFold(filepath.Ext(rep.File), ".xlsx") {
		r.probs.add("report.file", "want a name ending in .xlsx", "is %q", rep.File)
	} else if r.opts.Overrides.Report == nil && !insideWorkingFolder(rep.File) {
		// A scenario file may come from someone else: it does not get to
		// write outside the folder divsim runs in, not even through a
		// symlinked folder. --out can.
		r.probs.add("report.file", "want a file name or a path inside the working folder; --out writes anywhere", "is %q, outside the working folder", rep.File)
	}
	rep.Percentiles = in.Percentiles
	if rep.Percentiles == nil {
		rep.Percentiles = defaultPercentiles()
	}
	if len(rep.Percentiles) == 0 {
		r.probs.add("report.percentiles", "want at least one percentile, e.g. [5, 50, 95]", "is empty")
	}
	for i, p := range rep.Percentiles {
		if p <= 0 || p >= 100 {
			r.probs.add(index("report.percentiles", i), "want a percentile strictly between 0 and 100", "is %v", p)
		} else if slices.Contains(rep.Percentiles[:i], p) {
			r.probs.add(index("report.percentiles", i), "want each percentile once", "repeats %v", p)
		}
	}
	rep.Percentiles = slices.Clone(rep.Percentiles)
	slices.Sort(rep.Percentiles)
}

// memory refuses a run whose estimated memory exceeds the limit.
func (r *resolver) memory() {
	limit := r.opts.MemoryLimit
	if limit == 0 {
		return
	}
	paths := r.sc.Simulation.Paths
	fewerWorkers := "" // each worker has its own buffers: worth naming when set
	if r.opts.Workers > 0 {
		fewerWorkers = ", fewer --workers"
	}
	if n := r.opts.Shards; n > 1 {
		need := r.sc.MemoryEstimateFor((paths+n-1)/n, r.opts.Workers)
		if need > limit {
			r.probs.add("simulation.paths", "want fewer paths, years or portfolios, more shards"+fewerWorkers+", a machine with more memory, or a higher --max-memory",
				"%d paths in %d shards need about %s of memory per shard, more than the %s allowed", paths, n, BytesText(need), BytesText(limit))
		}
		return
	}
	if need := r.sc.MemoryEstimateFor(1, r.opts.Workers); need > limit { // not the paths: fewer would not help
		r.probs.add("simulation.paths", "want a machine with more memory or a higher --max-memory",
			"even one path needs about %s of memory, more than the %s allowed", BytesText(need), BytesText(limit))
		return
	}
	if need := r.sc.MemoryEstimate(r.opts.Workers); need > limit {
		r.probs.add("simulation.paths", "want fewer paths, years or portfolios"+fewerWorkers+", a machine with more memory, or a higher --max-memory",
			"%d paths need about %s of memory, more than the %s allowed", paths, BytesText(need), BytesText(limit))
	}
}

// BytesText is a memory size for messages: MiB below a GiB, else GiB.
func BytesText(b uint64) string {
	if b < 1<<30 {
		return fmt.Sprintf("%d MiB", (b+1<<19)>>20)
	}
	return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// identifierFor is the identifier a name that breaks the naming rule most
// likely meant: lowercase, with spaces, hyphens and dots as underscores
// ("US Small" is us_small); "" when that is no identifier either.
func identifierFor(name string) string {
	ident := strings.Join(strings.FieldsFunc(strings.ToLower(name), func(c rune) bool { return c == ' ' || c == '-' || c == '.' || c == '_' }), "_")
	if !identifier.MatchString(ident) {
		return ""
	}
	return ident
}

// checkID reports an identifier that breaks the naming rule.
func (r *resolver) checkID(key, id string) bool {
	switch {
	case id == "":
		r.probs.add(key, identWant, "missing")
	case !identifier.MatchString(id):
		want := identWant
		if ident := identifierFor(id); ident != "" { // Recession: recession; US Small: us_small
			want = "did you mean " + ident + "? " + identWant
		}
		r.probs.add(key, want, "%q is not a valid identifier", id)
	default:
		return true
	}
	return false
}
