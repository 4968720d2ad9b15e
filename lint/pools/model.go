package pools

import (
	"cmp"
	"fmt"
	"strconv"
	"unique"

	"github.com/vxjob/vxjob/spec"
)

// Place is where something is written, kept after the document it came
// from is gone, so findings about it can point there.
type Place struct {
	File     string
	Document int
	Range    spec.Range
	Path     string // JSON pointer into the document
}

// String is file:line:col.
func (p Place) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Range.Start.Line, p.Range.Start.Column)
}

// placeOf places the field at path of doc: at its key, or at its value.
func placeOf(doc *spec.Document, path []string, atValue bool) Place {
	return placeAt(doc, field(path), atValue)
}

// placeAt is placeOf for a field whose path and pointer are made already.
func placeAt(doc *spec.Document, f fieldPath, atValue bool) Place {
	var r spec.Range
	if atValue {
		r = doc.ValueRange(f.tokens)
	} else {
		r = doc.KeyRange(f.tokens)
	}
	return Place{File: doc.File.Name, Document: doc.Index, Range: r, Path: f.pointer}
}

// fieldPath is a path into a document, with its JSON pointer.
type fieldPath struct {
	tokens  []string
	pointer string
}

// field is path with its pointer. Every job of a run has the same few
// paths: one copy of each pointer is kept (unique), not one per job,
// which was a quarter of what a run held per job.
func field(path []string) fieldPath {
	return fieldPath{path, unique.Make(spec.Pointer(path)).Value()}
}

// The paths JobFrom places, made once for the run: a job's
// persistentResourceId, network, KMS key and service account, and the
// machineSpec and replicaCount of each worker pool (poolField).
var (
	resourceIDField     = field([]string{"spec", "jobSpec", "persistentResourceId"})
	networkField        = field([]string{"spec", "jobSpec", "network"})
	kmsKeyField         = field([]string{"spec", "encryptionSpec", "kmsKeyName"})
	serviceAccountField = field([]string{"spec", "jobSpec", "serviceAccount"})
	// A job has at most four worker pools (primary, workers, parameter
	// servers, evaluators).
	poolFields = func() (fields [4]map[string]fieldPath) {
		for i := range fields {
			fields[i] = map[string]fieldPath{"machineSpec": poolFieldOf(i, "machineSpec"), "replicaCount": poolFieldOf(i, "replicaCount")}
		}
		return fields
	}()
)

// poolField is name (machineSpec or replicaCount) of the worker pool at
// index.
func poolField(index int, name string) fieldPath {
	if index >= 0 && index < len(poolFields) {
		return poolFields[index][name]
	}
	return poolFieldOf(index, name)
}

func poolFieldOf(index int, name string) fieldPath {
	return field([]string{"spec", "jobSpec", "workerPoolSpecs", strconv.Itoa(index), name})
}

// Defaults are the project and location of documents that name none.
type Defaults = spec.Where

// Pool is one resource pool of a persistent resource.
type Pool struct {
	ID       string // "" when the document leaves it to Vertex AI
	Index    int    // its place in resourcePools
	Machine  MachineSpec
	Disk     DiskSpec
	Replicas int64 // replicaCount; 0 when unset
	// Autoscaling pools may grow to Max replicas.
	Autoscaling bool
	Min, Max    int64

	// From a snapshot's status, when one was seen.
	Observed bool
	Used     int64 // usedReplicaCount

	Place Place // the pool's machineSpec
}

// Name names the pool in messages: its ID, quoted, or where it is in
// resourcePools when it has none.
func (p *Pool) Name() string {
	if p.ID == "" {
		return fmt.Sprintf("resourcePools[%d]", p.Index)
	}
	return strconv.Quote(p.ID)
}

// Limit is the most replicas the pool can hold at once: its autoscaling
// maximum when it autoscales, else its replica count.
func (p *Pool) Limit() int64 {
	if p.Autoscaling && p.Max > 0 {
		return p.Max
	}
	return p.Replicas
}

// Free is what the pool can take now, as the snapshot saw it.
func (p *Pool) Free() int64 { return max(p.Limit()-p.Used, 0) }

// Resource is a persistent resource as one source describes it: a
// PersistentResource document among the linted files, or one in a pools
// file (a snapshot, which may also say what it saw in its status).
type Resource struct {
	Project, Location, ID string

	Pools                []*Pool
	Network              string
	KMSKey               string
	CustomServiceAccount bool // resourceRuntimeSpec.serviceAccountSpec.enableCustomServiceAccount

	// From a status section; "" when none was seen.
	State      string
	ObservedAt string
	// ObservedLive says the observation came from Vertex AI during this
	// run (lint --live) rather than from a snapshot file.
	ObservedLive bool

	Snapshot bool  // read from a pools file, not linted
	Live     bool  // what Vertex AI said during this run (lint --live)
	Place    Place // the document's metadata.name
}

// Where says the project and location, for messages.
func (r *Resource) Where() string {
	return fmt.Sprintf("project %s, location %s", orDash(r.Project), orDash(r.Location))
}

func (r *Resource) key() string { return r.Project + "/" + r.Location + "/" + r.ID }

// Pool finds a pool by ID.
func (r *Resource) Pool(id string) *Pool {
	for _, p := range r.Pools {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// ResourceFrom reads a PersistentResource document, which has passed the
// schema tier. snapshot says it came from a pools file.
func ResourceFrom(doc *spec.Document, d Defaults, snapshot bool) *Resource {
	root := doc.Root()
	s := root.Get("spec")
	r := &Resource{
		Project:              cmp.Or(doc.Project, d.Project),
		Location:             cmp.Or(doc.Location, d.Location),
		ID:                   doc.Name,
		Network:              s.Get("network").Str(),
		KMSKey:               s.Get("encryptionSpec").Get("kmsKeyName").Str(),
		CustomServiceAccount: s.Get("resourceRuntimeSpec").Get("serviceAccountSpec").Get("enableCustomServiceAccount").Bool(),
		Snapshot:             snapshot,
		Place:                placeOf(doc, []string{"metadata", "name"}, true),
	}
	for i, v := range s.Get("resourcePools").Items() {
		m := Machine(v.Get("machineSpec"))
		p := &Pool{
			ID:      v.Get("id").Str(),
			Index:   i,
			Machine: m,
			Disk:    Disk(v.Get("diskSpec"), m.MachineType),
			Place:   placeOf(doc, v.Get("machineSpec").Path(), false),
		}
		p.Replicas, _ = v.Get("replicaCount").Int()
		if as := v.Get("autoscalingSpec"); as.Exists() {
			p.Autoscaling = true
			p.Min, _ = as.Get("minReplicaCount").Int()
			p.Max, _ = as.Get("maxReplicaCount").Int()
		}
		r.Pools = append(r.Pools, p)
	}
	status := root.Get("status")
	r.State = status.Get("state").Str()
	r.ObservedAt = status.Get("observedAt").Str()
	for _, v := range status.Get("resourcePools").Items() {
		if p := r.Pool(v.Get("id").Str()); p != nil {
			p.Observed = true
			p.Used, _ = v.Get("usedReplicaCount").Int()
		}
	}
	return r
}

// WorkerPool is a non-empty worker pool of a job, and (after Assign) the
// resource pool it lands on.
type WorkerPool struct {
	Index    int // in workerPoolSpecs
	Machine  MachineSpec
	Disk     DiskSpec
	Replicas int64
	Place    Place // its machineSpec
	// ReplicasPlace is its replicaCount, or the pool when that is unset.
	ReplicasPlace Place

	// Set by Assign. Match is nil when no resource pool matches; then
	// Nearest is the pool with the fewest differences, and Diffs says them.
	Match     *Pool
	Ambiguous []*Pool // further pools that match as well as Match
	Nearest   *Pool
	Diffs     []Diff
}

// Job is a CustomJob that names a persistent resource.
type Job struct {
	Name, Project, Location string
	ResourceID              string
	Network                 string
	KMSKey                  string
	ServiceAccount          string
	Pools                   []*WorkerPool // the non-empty ones

	Place               Place // its persistentResourceId
	NetworkPlace        Place
	KMSPlace            Place
	ServiceAccountPlace Place

	// Set by Assign: the resource the job runs on, or, when there is none
	// in its project and location, the resources of that ID elsewhere.
	Resource  *Resource
	Elsewhere []*Resource
}

// JobFrom reads a CustomJob document, which has passed the schema tier. It
// returns nil for a job that names no persistent resource: such a job runs
// on machines Vertex AI provisions for it, and has no pool to fit.
func JobFrom(doc *spec.Document, d Defaults) *Job {
	js := doc.Root().Get("spec").Get("jobSpec")
	id := js.Get("persistentResourceId")
	if id.Str() == "" || unknown(doc, id) {
		return nil // no resource, or one not known until its variable is
	}
	j := &Job{
		Name:                doc.Name,
		Project:             cmp.Or(doc.Project, d.Project),
		Location:            cmp.Or(doc.Location, d.Location),
		ResourceID:          id.Str(),
		Network:             knownStr(doc, js.Get("network")),
		KMSKey:              knownStr(doc, doc.Root().Get("spec").Get("encryptionSpec").Get("kmsKeyName")),
		ServiceAccount:      knownStr(doc, js.Get("serviceAccount")),
		Place:               placeAt(doc, resourceIDField, true),
		NetworkPlace:        placeAt(doc, networkField, true),
		KMSPlace:            placeAt(doc, kmsKeyField, true),
		ServiceAccountPlace: placeAt(doc, serviceAccountField, true),
	}
	for i, v := range js.Get("workerPoolSpecs").Items() {
		if v.Len() == 0 {
			continue // a placeholder for an unused role
		}
		if unknown(doc, v.Get("machineSpec")) || unknown(doc, v.Get("diskSpec")) || unknown(doc, v.Get("replicaCount")) {
			continue // which pool it needs is not known until its variables are
		}
		m := Machine(v.Get("machineSpec"))
		wp := &WorkerPool{
			Index:         i,
			Machine:       m,
			Disk:          Disk(v.Get("diskSpec"), m.MachineType),
			Place:         placeAt(doc, poolField(i, "machineSpec"), false),
			ReplicasPlace: placeAt(doc, poolField(i, "replicaCount"), true),
		}
		// An unset replicaCount counts as one, as gcloud defaults it.
		wp.Replicas = 1
		if n, ok := v.Get("replicaCount").Int(); ok {
			wp.Replicas = n
		}
		j.Pools = append(j.Pools, wp)
	}
	return j
}

// unknown reports whether v, or a value inside it, uses a variable that no
// source defines.
func unknown(doc *spec.Document, v spec.Value) bool {
	return doc.UnknownUnder(v)
}

// knownStr is v's text, or "" (unset, so compared with nothing) when it is
// unknown.
func knownStr(doc *spec.Document, v spec.Value) string {
	if unknown(doc, v) {
		return ""
	}
	return v.Str()
}
