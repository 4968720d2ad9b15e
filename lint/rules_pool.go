package lint

// poolRules check jobs against the persistent resources they name: that
// the resource exists where the job runs and is usable, that each worker
// pool fits a resource pool exactly, and that the replicas fit.
var poolRules = []*Rule{
	ruleResourceNotFound,
	ruleResourceNotRunning,
	ruleResourceNotReady,
	rulePoolMismatch,
	rulePoolCapacity,
	rulePoolBusy,
	ruleResourceNetwork,
	ruleServiceAccountRequired,
	ruleServiceAccountNotEnabled,
	rulePoolSources,
	ruleJobsQueue,
	ruleDuplicateDocument,
}
