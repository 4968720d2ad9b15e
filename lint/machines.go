package lint

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// machinesYAML is the machine catalog: which machine types Vertex AI
// training offers and what each takes. It is data, dated and sourced, so
// that a new machine type is a new row, not new code.
//
//go:embed machines.yaml
var machinesYAML []byte

// machinesJSON is machines.yaml as JSON, which `go test ./lint -update`
// writes and TestMachineCatalogJSON keeps current. The binary reads this
// form: encoding/json decodes it in a fraction of the time go.yaml.in/yaml/v3
// takes for the YAML, which was 3 ms of the 7 a one-file lint spends after
// start-up.
//
//go:embed machines.json
var machinesJSON []byte

// grade says how sure the catalog is of a row (see machines.yaml).
type grade string

const (
	gradeA grade = "A" // Google states it for Vertex AI
	gradeB grade = "B" // Google states it for Compute Engine, GKE or Cloud TPU
	gradeC grade = "C" // third-party sources, or arithmetic on B
	gradeU grade = "U" // unverified
)

// gradeOrder is the order in which graded values are listed.
var gradeOrder = []grade{gradeA, gradeB, gradeC, gradeU}

// verified reports whether rules may report errors against the row: a row
// graded U only draws a warning, as the catalog may be wrong about it.
func (g grade) verified() bool { return g != gradeU }

// catalogRow is what every row of machines.yaml carries.
type catalogRow struct {
	Grade   grade    `yaml:"grade"`
	Sources []string `yaml:"sources"`
	Note    string   `yaml:"note"` // why a row is graded U, for messages
}

// gradedSet holds values (TPU topologies, TPU core counts) grouped by grade.
type gradedSet[T comparable] map[grade][]T

// gradeOf returns the grade of v; ok is false when v is in no group.
func (s gradedSet[T]) gradeOf(v T) (g grade, ok bool) {
	for g, vs := range s {
		if slices.Contains(vs, v) {
			return g, true
		}
	}
	return "", false
}

// check reports a grade that is not A, B, C or U, or a value listed twice.
func (s gradedSet[T]) check() error {
	seen := map[T]bool{}
	for g, vs := range s {
		if !slices.Contains(gradeOrder, g) {
			return fmt.Errorf("grade %q is not one of A, B, C, U", g)
		}
		for _, v := range vs {
			if seen[v] {
				return fmt.Errorf("%v is listed twice", v)
			}
			seen[v] = true
		}
	}
	return nil
}

// list returns the values of the verified grades, or of U, in grade order.
func (s gradedSet[T]) list(verified bool) []T {
	var out []T
	for _, g := range gradeOrder {
		if g.verified() == verified {
			out = append(out, s[g]...)
		}
	}
	return out
}

type machineKind int

const (
	// cpuMachine: a general-purpose, compute- or memory-optimized type; it
	// takes no accelerator, except the attached GPUs of N1.
	cpuMachine machineKind = iota
	// gpuMachine: an accelerator-optimized type, which comes with a fixed
	// model and number of GPUs.
	gpuMachine
	// tpuVMMachine: a TPU VM type, chosen with a tpuTopology and no
	// accelerator fields.
	tpuVMMachine
	// cloudTPUMachine: the legacy TPU node, cloud-tpu, with TPU_V2 or
	// TPU_V3 and a count of cores.
	cloudTPUMachine
)

// machineType is one machine type of the catalog.
type machineType struct {
	Name string
	Kind machineKind
	catalogRow

	// cpuMachine
	VCPUs        int
	MemoryGB     float64 // 0 when the catalog does not say
	AttachesGPUs bool    // N1: takes the catalog's attached GPUs

	// gpuMachine: the GPUs it comes with.
	Accelerator string
	Count       int64

	// tpuVMMachine
	Generation       string // the AcceleratorType of its TPU, when the enum has one
	TopologyRequired bool
	Topologies       gradedSet[string]
	TopologyNote     string // why the U topologies are graded U

	// cloudTPUMachine
	TPUs []*cloudTPUAccelerator
}

// shapeName is the name without its vCPU count ("n1-standard"): the
// machine types of one shape differ only in size.
func (m *machineType) shapeName() string {
	return m.Name[:strings.LastIndexByte(m.Name, '-')]
}

// attachedGPU is a GPU that N1 machine types take, with its allowed counts
// and the largest host each count goes with.
type attachedGPU struct {
	Accelerator string `yaml:"accelerator"`
	catalogRow  `yaml:",inline"`
	Counts      []struct {
		Count       int64   `yaml:"count"`
		MaxVCPUs    int     `yaml:"maxVcpus"`
		MaxMemoryGB float64 `yaml:"maxMemoryGb"`
	} `yaml:"counts"`
}

// counts lists the allowed counts.
func (g *attachedGPU) counts() []int64 {
	out := make([]int64, len(g.Counts))
	for i, c := range g.Counts {
		out[i] = c.Count
	}
	return out
}

// fits reports whether count GPUs may go with host, and the limits of
// that count; ok is false when the count is not allowed at all.
func (g *attachedGPU) fits(host *machineType, count int64) (fits bool, maxVCPUs int, maxMemoryGB float64, ok bool) {
	for _, c := range g.Counts {
		if c.Count == count {
			return host.VCPUs <= c.MaxVCPUs && host.MemoryGB <= c.MaxMemoryGB, c.MaxVCPUs, c.MaxMemoryGB, true
		}
	}
	return false, 0, 0, false
}

// countsFor lists the allowed counts that fit host.
func (g *attachedGPU) countsFor(host *machineType) []int64 {
	var out []int64
	for _, c := range g.Counts {
		if fits, _, _, _ := g.fits(host, c.Count); fits {
			out = append(out, c.Count)
		}
	}
	return out
}

// cloudTPUAccelerator is a TPU generation cloud-tpu takes, with its sizes.
type cloudTPUAccelerator struct {
	Accelerator string           `yaml:"accelerator"`
	Counts      gradedSet[int64] `yaml:"counts"`
	CountNote   string           `yaml:"countNote"` // why the U counts are graded U
}

// bootDiskCatalog is what a diskSpec may say.
type bootDiskCatalog struct {
	Types      []string `yaml:"types"`
	MinSizeGB  int64    `yaml:"minSizeGb"`
	MaxSizeGB  int64    `yaml:"maxSizeGb"`
	catalogRow `yaml:",inline"`
	OtherTypes []string `yaml:"otherTypes"` // disk types of other messages
}

// catalogSource is one source the catalog's rows cite by tag.
type catalogSource struct {
	Tag  string `yaml:"tag"`
	Ref  string `yaml:"ref"`
	Date string `yaml:"date"`
}

// catalogFile is machines.yaml as written.
type catalogFile struct {
	Date        string          `yaml:"date"`
	Sources     []catalogSource `yaml:"sources"`
	GPUMachines []struct {
		Types       []string `yaml:"types"`
		Accelerator string   `yaml:"accelerator"`
		Count       int64    `yaml:"count"`
		catalogRow  `yaml:",inline"`
	} `yaml:"gpuMachines"`
	CPUMachines []struct {
		Series          string  `yaml:"series"`
		Shape           string  `yaml:"shape"`
		VCPUs           []int   `yaml:"vcpus"`
		MemoryPerVCPUGB float64 `yaml:"memoryPerVcpuGb"`
		catalogRow      `yaml:",inline"`
	} `yaml:"cpuMachines"`
	AttachedGPUs struct {
		HostSeries   string         `yaml:"hostSeries"`
		Accelerators []*attachedGPU `yaml:"accelerators"`
	} `yaml:"attachedGpus"`
	Deprecated []struct {
		Accelerator string `yaml:"accelerator"`
		catalogRow  `yaml:",inline"`
	} `yaml:"deprecatedAccelerators"`
	TPUMachines []struct {
		Type             string            `yaml:"type"`
		Generation       string            `yaml:"generation"`
		TopologyRequired bool              `yaml:"topologyRequired"`
		Topologies       gradedSet[string] `yaml:"topologies"`
		TopologyNote     string            `yaml:"topologyNote"`
		catalogRow       `yaml:",inline"`
	} `yaml:"tpuMachines"`
	CloudTPU struct {
		Type         string                 `yaml:"type"`
		Accelerators []*cloudTPUAccelerator `yaml:"accelerators"`
		catalogRow   `yaml:",inline"`
	} `yaml:"cloudTpu"`
	BootDisk bootDiskCatalog `yaml:"bootDisk"`
}

// machineCatalog is the catalog as the rules ask it.
type machineCatalog struct {
	Date     string // when the catalog was last checked against its sources
	Sources  []catalogSource
	BootDisk bootDiskCatalog

	types      map[string]*machineType
	order      []*machineType // as machines.yaml lists them
	hostSeries string         // the series that takes attached GPUs: n1
	attached   []*attachedGPU
	deprecated map[string]string // accelerator → why
}

var (
	machinesOnce sync.Once
	machinesData *machineCatalog
)

// machines returns the embedded catalog, parsed on first use. The catalog
// is part of the binary and TestMachineCatalog parses it, so a failure
// here is a bug in the build, not in the user's input.
func machines() *machineCatalog {
	machinesOnce.Do(func() {
		var f catalogFile
		if err := json.Unmarshal(machinesJSON, &f); err != nil {
			panic("lint/machines.json: " + err.Error())
		}
		c, err := buildCatalog(&f)
		if err != nil {
			panic("lint/machines.json: " + err.Error())
		}
		machinesData = c
	})
	return machinesData
}

// machineTypeName is how machine types are spelled; the catalog checks its
// own names against it to catch typos in the data.
var machineTypeName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)

// parseMachineCatalog reads machines.yaml strictly (an unknown key is an
// error) and checks that it is dated, sourced and consistent.
func parseMachineCatalog(data []byte) (*machineCatalog, error) {
	f, err := decodeCatalogYAML(data)
	if err != nil {
		return nil, err
	}
	return buildCatalog(f)
}

// decodeCatalogYAML reads machines.yaml strictly: an unknown key is an
// error.
func decodeCatalogYAML(data []byte) (*catalogFile, error) {
	var f catalogFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

// buildCatalog checks that the catalog is dated, sourced and consistent,
// and indexes it.
func buildCatalog(f *catalogFile) (*machineCatalog, error) {
	if _, err := time.Parse(time.DateOnly, f.Date); err != nil {
		return nil, fmt.Errorf("date %q: want YYYY-MM-DD, the day the catalog was last checked", f.Date)
	}
	if len(f.Sources) == 0 {
		return nil, errors.New("no sources: every row must cite where it comes from")
	}
	c := &machineCatalog{
		Date:       f.Date,
		Sources:    f.Sources,
		BootDisk:   f.BootDisk,
		types:      map[string]*machineType{},
		hostSeries: f.AttachedGPUs.HostSeries,
		attached:   f.AttachedGPUs.Accelerators,
		deprecated: map[string]string{},
	}
	tags := map[string]bool{}
	for _, s := range f.Sources {
		if s.Tag == "" || s.Ref == "" || tags[s.Tag] {
			return nil, fmt.Errorf("source %q: needs a unique tag and a ref", s.Tag)
		}
		tags[s.Tag] = true
	}
	var errs []error
	checkRow := func(what string, r catalogRow) {
		if !slices.Contains(gradeOrder, r.Grade) {
			errs = append(errs, fmt.Errorf("%s: grade %q is not one of A, B, C, U", what, r.Grade))
		}
		if len(r.Sources) == 0 {
			errs = append(errs, fmt.Errorf("%s: no sources", what))
		}
		for _, s := range r.Sources {
			if !tags[s] {
				errs = append(errs, fmt.Errorf("%s: source %q is not in sources", what, s))
			}
		}
		if r.Grade == gradeU && r.Note == "" {
			errs = append(errs, fmt.Errorf("%s: a row graded U needs a note saying why", what))
		}
	}
	add := func(m *machineType) {
		if !machineTypeName.MatchString(m.Name) {
			errs = append(errs, fmt.Errorf("machine type %q: not a machine type name", m.Name))
		}
		if c.types[m.Name] != nil {
			errs = append(errs, fmt.Errorf("machine type %s: listed twice", m.Name))
		}
		c.types[m.Name] = m
		c.order = append(c.order, m)
	}
	for _, r := range f.GPUMachines {
		checkRow(fmt.Sprint(r.Types), r.catalogRow)
		if r.Accelerator == "" || r.Count <= 0 {
			errs = append(errs, fmt.Errorf("%v: needs an accelerator and a count", r.Types))
		}
		for _, name := range r.Types {
			add(&machineType{Name: name, Kind: gpuMachine, catalogRow: r.catalogRow, Accelerator: r.Accelerator, Count: r.Count})
		}
	}
	for _, r := range f.CPUMachines {
		checkRow(r.Series+"-"+r.Shape, r.catalogRow)
		for _, n := range r.VCPUs {
			add(&machineType{
				Name: fmt.Sprintf("%s-%s-%d", r.Series, r.Shape, n), Kind: cpuMachine, catalogRow: r.catalogRow,
				VCPUs: n, MemoryGB: float64(n) * r.MemoryPerVCPUGB, AttachesGPUs: r.Series == c.hostSeries,
			})
		}
	}
	for _, r := range f.TPUMachines {
		checkRow(r.Type, r.catalogRow)
		add(&machineType{
			Name: r.Type, Kind: tpuVMMachine, catalogRow: r.catalogRow, Generation: r.Generation,
			TopologyRequired: r.TopologyRequired, Topologies: r.Topologies, TopologyNote: r.TopologyNote,
		})
		if err := r.Topologies.check(); err != nil {
			errs = append(errs, fmt.Errorf("%s: topologies: %w", r.Type, err))
		}
		if len(r.Topologies[gradeU]) > 0 && r.TopologyNote == "" && r.Grade.verified() {
			errs = append(errs, fmt.Errorf("%s: topologies graded U need a topologyNote", r.Type))
		}
	}
	checkRow(f.CloudTPU.Type, f.CloudTPU.catalogRow)
	for _, t := range f.CloudTPU.Accelerators {
		if err := t.Counts.check(); err != nil {
			errs = append(errs, fmt.Errorf("%s %s: counts: %w", f.CloudTPU.Type, t.Accelerator, err))
		}
	}
	add(&machineType{Name: f.CloudTPU.Type, Kind: cloudTPUMachine, catalogRow: f.CloudTPU.catalogRow, TPUs: f.CloudTPU.Accelerators})
	if c.hostSeries == "" || len(c.attached) == 0 {
		errs = append(errs, errors.New("attachedGpus: needs a hostSeries and accelerators"))
	}
	for _, g := range c.attached {
		checkRow(g.Accelerator, g.catalogRow)
	}
	for _, d := range f.Deprecated {
		checkRow(d.Accelerator, d.catalogRow)
		c.deprecated[d.Accelerator] = d.Note
	}
	checkRow("bootDisk", c.BootDisk.catalogRow)
	if len(c.BootDisk.Types) == 0 || c.BootDisk.MinSizeGB <= 0 || c.BootDisk.MaxSizeGB < c.BootDisk.MinSizeGB {
		errs = append(errs, errors.New("bootDisk: needs types and a size range"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// lookup returns the machine type called name, or nil.
func (c *machineCatalog) lookup(name string) *machineType { return c.types[name] }

// attachedGPU returns what the catalog says of accelerator as an attached
// GPU of N1, or nil.
func (c *machineCatalog) attachedGPU(accelerator string) *attachedGPU {
	for _, g := range c.attached {
		if g.Accelerator == accelerator {
			return g
		}
	}
	return nil
}

// attachedNames lists the GPUs N1 takes.
func (c *machineCatalog) attachedNames() []string {
	out := make([]string, len(c.attached))
	for i, g := range c.attached {
		out[i] = g.Accelerator
	}
	return out
}

// names lists every machine type, in catalog order.
func (c *machineCatalog) names() []string {
	out := make([]string, len(c.order))
	for i, m := range c.order {
		out[i] = m.Name
	}
	return out
}

// sizes lists the machine types of the shape of name ("a2-highgpu-3g" →
// a2-highgpu-1g, -2g, -4g, -8g): a name that differs from a known one only
// in its last number is a size the catalog lacks, not a typo.
func (c *machineCatalog) sizes(name string) []string {
	key := lastNumber.ReplaceAllString(name, "#$1")
	var out []string
	for _, m := range c.order {
		if lastNumber.ReplaceAllString(m.Name, "#$1") == key {
			out = append(out, m.Name)
		}
	}
	return out
}

// lastNumber matches the last run of digits of a machine type name.
var lastNumber = regexp.MustCompile(`[0-9]+([^0-9]*)$`)

// withGPU lists the accelerator-optimized types that come with accelerator,
// the verified ones when there are any.
func (c *machineCatalog) withGPU(accelerator string) (names []string, verified bool) {
	var all []string
	for _, m := range c.order {
		if m.Kind == gpuMachine && m.Accelerator == accelerator {
			all = append(all, m.Name)
			if m.Grade.verified() {
				names = append(names, m.Name)
			}
		}
	}
	if len(names) > 0 {
		return names, true
	}
	return all, false
}

// whereAccelerator says, in a sentence, which machine types take
// accelerator, or "" when the catalog has none.
func (c *machineCatalog) whereAccelerator(accelerator string) string {
	if accelerator == "" {
		return ""
	}
	if why, ok := c.deprecated[accelerator]; ok {
		return why
	}
	if c.attachedGPU(accelerator) != nil {
		return fmt.Sprintf("%s is attached to %s machine types (%s-standard-*, %[3]s-highmem-*, %[3]s-highcpu-*).",
			accelerator, strings.ToUpper(c.hostSeries), c.hostSeries)
	}
	if names, verified := c.withGPU(accelerator); len(names) > 0 {
		s := fmt.Sprintf("%s comes with machine types %s.", accelerator, joinWords(names, "and"))
		if !verified {
			s = fmt.Sprintf("%s comes with machine types %s, none of them verified for Vertex AI training.", accelerator, joinWords(names, "and"))
		}
		return s
	}
	var tpuVMs []string
	for _, m := range c.order {
		switch {
		case m.Kind == cloudTPUMachine && slices.ContainsFunc(m.TPUs, func(t *cloudTPUAccelerator) bool { return t.Accelerator == accelerator }):
			return fmt.Sprintf("%s is for machine type %s.", accelerator, m.Name)
		case m.Kind == tpuVMMachine && m.Generation == accelerator:
			tpuVMs = append(tpuVMs, m.Name)
		}
	}
	if len(tpuVMs) > 0 {
		return fmt.Sprintf("%s is chosen by machine type alone: %s, with a tpuTopology and no acceleratorType.", accelerator, joinWords(tpuVMs, "or"))
	}
	return ""
}

// joinWords lists words in English: "a", "a or b", "a, b or c".
func joinWords(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// joinInts lists numbers in English, as joinWords does.
func joinInts[T int | int64](ns []T, conj string) string {
	words := make([]string, len(ns))
	for i, n := range ns {
		words[i] = fmt.Sprint(n)
	}
	return joinWords(words, conj)
}
