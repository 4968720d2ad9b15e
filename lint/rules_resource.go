package lint

// resourceRules check a PersistentResource document on its own: its pools'
// replica counts, IDs and machine types, and pools that a job could not
// tell apart.
var resourceRules = []*Rule{
	ruleResourcePoolReplicas,
	ruleDuplicatePoolID,
	ruleAmbiguousResourcePools,
	ruleResourcePoolMachine,
	ruleResourcePoolAccelerator,
}
