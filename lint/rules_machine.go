package lint

// machineRules check machine types, accelerators and disks against the
// catalog in machines.go.
var machineRules = []*Rule{}
