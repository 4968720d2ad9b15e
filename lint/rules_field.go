package lint

// fieldRules check single fields that every document may have: labels,
// display names, environment variables and container images.
var fieldRules = []*Rule{}
