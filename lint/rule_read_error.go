package lint

var ruleReadError = &Rule{
	ID:       "VX000",
	Name:     "read-error",
	Title:    "A file could not be read",
	Severity: Error,
	Tier:     TierInput,
	Doc: `A file named on the command line, or found in a directory, could not be opened or read
(permissions, a broken link, or more than 16 MiB). Nothing in it was checked, so vxjob exits 2.`,
}
