package lint

// jobRules check the worker pools of a CustomJob: their roles, their
// number and what each runs.
var jobRules = []*Rule{
	ruleChiefPool,
	rulePoolCount,
	rulePoolTask,
	rulePythonPackage,
	ruleFlexStart,
	ruleWaitWithoutFlexStart,
	ruleTPUReplicas,
	ruleResourceScheduling,
	rulePrimaryReplica,
}
