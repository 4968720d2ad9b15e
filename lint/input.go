package lint

import "github.com/vxjob/vxjob/spec"

// inputRules maps each kind of problem the loader finds to its rule.
var inputRules = map[spec.ErrorKind]*Rule{
	spec.ReadError:        ruleReadError,
	spec.EncodingError:    ruleEncoding,
	spec.SyntaxError:      ruleYAMLSyntax,
	spec.DuplicateKey:     ruleDuplicateKey,
	spec.AliasExpansion:   ruleAliasExpansion,
	spec.UnsupportedValue: ruleUnsupportedYAML,
	spec.EmptyDocument:    ruleEmptyDocument,
	spec.AmbiguousNumber:  ruleAmbiguousNumber,
}

func inputDiagnostic(e *spec.Error) *Diagnostic {
	rule := inputRules[e.Kind]
	return &Diagnostic{
		Rule:     rule,
		Severity: rule.Severity,
		File:     e.File,
		Document: e.Document,
		Range:    e.Range,
		Summary:  e.Msg,
		Detail:   e.Detail,
	}
}
