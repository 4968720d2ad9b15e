package pools

import (
	"bytes"
	"encoding/binary"
	"unique"

	"github.com/vxjob/vxjob/spec"
)

// Packed is a Job as a run keeps it between reading its file and the pool
// tier: the fields JobFrom reads, written into one byte slice, which the
// garbage collector does not scan. A Job, with its worker pools and their
// places, is about 1.2 KB of pointers; a run of 10,000 job files kept
// 11 MB of them while it parsed, which every collection marked again and
// which let the heap grow five times as much before the next, and each
// new page of heap costs a page fault: keeping the jobs cost 11% of such
// a run's CPU (BENCHMARKS.md). Packed, a job of two worker pools is about
// 250 bytes. The fields Assign sets are not kept: a job is packed before
// it is assigned.
type Packed []byte

// Pack writes j's fields, but for those Assign sets.
func Pack(j *Job) Packed {
	var buf [512]byte
	w := packer{b: buf[:0]}
	for _, s := range []string{j.Name, j.Project, j.Location, j.ResourceID, j.Network, j.KMSKey, j.ServiceAccount} {
		w.str(s)
	}
	// Every place of a job is in its file and document, so those are
	// written once, and a place elsewhere (which JobFrom never makes) in
	// full.
	w.str(j.Place.File)
	w.int(int64(j.Place.Document))
	for i, p := range []Place{j.Place, j.NetworkPlace, j.KMSPlace, j.ServiceAccountPlace} {
		w.place(p, j.Place, jobFields[i].pointer)
	}
	w.int(int64(len(j.Pools)))
	for _, wp := range j.Pools {
		w.int(int64(wp.Index))
		m := wp.Machine
		for _, s := range []string{m.MachineType, m.AcceleratorType, m.TPUTopology, m.GPUPartitionSize, m.Reservation} {
			w.str(s)
		}
		w.int(m.AcceleratorCount)
		w.str(wp.Disk.Type)
		w.int(wp.Disk.SizeGB)
		w.int(wp.Replicas)
		w.place(wp.Place, j.Place, poolField(wp.Index, "machineSpec").pointer)
		w.place(wp.ReplicasPlace, j.Place, poolField(wp.Index, "replicaCount").pointer)
	}
	return bytes.Clone(w.b)
}

// jobFields are the fields of a job's places, in the order Pack writes
// them; a place at its usual field is packed without its path.
var jobFields = [...]fieldPath{resourceIDField, networkField, kmsKeyField, serviceAccountField}

// Unpack reads the job back, as JobFrom returned it.
func (p Packed) Unpack() *Job {
	r := unpacker{b: p, s: string(p)} // one copy: the strings read are slices of it
	j := &Job{}
	for _, s := range []*string{&j.Name, &j.Project, &j.Location, &j.ResourceID, &j.Network, &j.KMSKey, &j.ServiceAccount} {
		*s = r.str()
	}
	first := Place{File: r.str(), Document: int(r.int())}
	for i, p := range []*Place{&j.Place, &j.NetworkPlace, &j.KMSPlace, &j.ServiceAccountPlace} {
		*p = r.place(first, jobFields[i].pointer)
	}
	j.Pools = make([]*WorkerPool, r.int())
	for i := range j.Pools {
		wp := &WorkerPool{Index: int(r.int())}
		m := &wp.Machine
		for _, s := range []*string{&m.MachineType, &m.AcceleratorType, &m.TPUTopology, &m.GPUPartitionSize, &m.Reservation} {
			*s = r.str()
		}
		m.AcceleratorCount = r.int()
		wp.Disk.Type = r.str()
		wp.Disk.SizeGB = r.int()
		wp.Replicas = r.int()
		wp.Place = r.place(first, poolField(wp.Index, "machineSpec").pointer)
		wp.ReplicasPlace = r.place(first, poolField(wp.Index, "replicaCount").pointer)
		j.Pools[i] = wp
	}
	if len(j.Pools) == 0 {
		j.Pools = nil // as JobFrom leaves a job without pools
	}
	return j
}

type packer struct{ b []byte }

func (w *packer) int(n int64) { w.b = binary.AppendVarint(w.b, n) }

func (w *packer) str(s string) {
	w.int(int64(len(s)))
	w.b = append(w.b, s...)
}

// place writes p, with its file and document only where they are not
// those of first, and its path only where it is not usual.
func (w *packer) place(p, first Place, usual string) {
	if p.File == first.File && p.Document == first.Document {
		w.int(0)
	} else {
		w.int(1)
		w.str(p.File)
		w.int(int64(p.Document))
	}
	for _, n := range []int{p.Range.Start.Line, p.Range.Start.Column, p.Range.End.Line, p.Range.End.Column} {
		w.int(int64(n))
	}
	if p.Path == usual {
		w.int(0)
	} else {
		w.int(1)
		w.str(p.Path)
	}
}

type unpacker struct {
	b   []byte
	s   string // b's bytes
	off int
}

func (r *unpacker) int() int64 {
	n, size := binary.Varint(r.b[r.off:])
	r.off += size
	return n
}

func (r *unpacker) str() string {
	n := int(r.int())
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

func (r *unpacker) place(first Place, usual string) Place {
	p := Place{File: first.File, Document: first.Document}
	if r.int() == 1 {
		p.File, p.Document = r.str(), int(r.int())
	}
	p.Range = spec.Range{
		Start: spec.Pos{Line: int(r.int()), Column: int(r.int())},
		End:   spec.Pos{Line: int(r.int()), Column: int(r.int())},
	}
	p.Path = usual // one string for every job's
	if r.int() == 1 {
		// One copy of each path for the whole run, as placeOf keeps it.
		p.Path = unique.Make(r.str()).Value()
	}
	return p
}
