package lint

// liveRules need Vertex AI itself, and run only with lint --live: they
// check what the caller may do.
var liveRules = []*Rule{
	ruleCreatePermission,
	ruleActAsPermission,
}
