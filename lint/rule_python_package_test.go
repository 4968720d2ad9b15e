package lint

import "testing"

func TestModuleName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"trainer/task.py":        "trainer.task",
		"./trainer/task.py":      "trainer.task",
		`trainer\task.py`:        "trainer.task",
		"trainer.task.py":        "trainer.task",
		"task.py":                "task",
		"python -m trainer.task": "trainer.task",
		"-m trainer.task":        "trainer.task",
		"trainer.task":           "", // already a module name
		"my-trainer/task.py":     "", // no module name to give
		"trainer.":               "",
		"":                       "",
	} {
		if got := moduleName(in); got != want {
			t.Errorf("moduleName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPythonModuleRE(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"trainer": true, "trainer.task": true, "_a.b2": true, "entraînement.tâche": true,
		"": false, "2fast": false, "a..b": false, ".a": false, "a.": false, "a-b": false, "a/b": false, "a b": false,
	} {
		if got := pythonModuleRE().MatchString(s); got != want {
			t.Errorf("pythonModuleRE matches %q: %v, want %v", s, got, want)
		}
	}
}

func TestYAMLPlain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"gs://b/o.tar.gz":    "gs://b/o.tar.gz",
		"gs://b/a: b.tar.gz": `"gs://b/a: b.tar.gz"`,
		"gs://b/a #1.tar.gz": `"gs://b/a #1.tar.gz"`,
		"gs://b/o.tar.gz ":   `"gs://b/o.tar.gz "`,
	} {
		if got := yamlPlain(in); got != want {
			t.Errorf("yamlPlain(%q) = %s, want %s", in, got, want)
		}
	}
}
