package lint

// resourceRules check a PersistentResource document on its own: its pools'
// replica counts and IDs, and pools that a job could not tell apart.
var resourceRules = []*Rule{
	ruleResourcePoolReplicas,
	ruleDuplicatePoolID,
	ruleAmbiguousResourcePools,
}
