package lint

import "testing"

func TestSplitImageRef(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ ref, name, tag, digest string }{
		{"trainer", "trainer", "", ""},
		{"trainer:1.0", "trainer", "1.0", ""},
		{"pytorch/pytorch:2.1.0-cuda12.1", "pytorch/pytorch", "2.1.0-cuda12.1", ""},
		{"localhost:5000/trainer", "localhost:5000/trainer", "", ""},
		{"localhost:5000/trainer:v2", "localhost:5000/trainer", "v2", ""},
		{"us-docker.pkg.dev/p/r/img@sha256:abc", "us-docker.pkg.dev/p/r/img", "", "sha256:abc"},
		{"us-docker.pkg.dev/p/r/img:1.0@sha256:abc", "us-docker.pkg.dev/p/r/img", "1.0", "sha256:abc"},
		{"host:443/a/b/c:latest", "host:443/a/b/c", "latest", ""},
	} {
		name, tag, digest, _ := splitImageRef(c.ref)
		if name != c.name || tag != c.tag || digest != c.digest {
			t.Errorf("splitImageRef(%q) = %q, %q, %q; want %q, %q, %q", c.ref, name, tag, digest, c.name, c.tag, c.digest)
		}
	}
}

func TestPrebuiltTrainingImage(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-14.py310":         true,
		"europe-docker.pkg.dev/vertex-ai/training/pytorch-gpu.2-1.py310": true,
		"us-docker.pkg.dev/vertex-ai-restricted/training/tf-gpu.2-12":    true,
		"gcr.io/cloud-aiplatform/training/tf-cpu.2-3":                    true,
		"us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15":            false,
		"us-docker.pkg.dev/my-project/vertex-ai/training/x":              false,
		"us-docker.pkg.dev/deeplearning-platform-release/gcr.io/tf-cpu":  false,
		"vertex-ai/training/tf-cpu":                                      false,
		"evil.example.com/vertex-ai/training/tf-cpu.2-14.py310":          false,
	} {
		if got := prebuiltTrainingImage(name); got != want {
			t.Errorf("prebuiltTrainingImage(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestReplaceVars(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want string
		vars     bool
	}{
		{"plain", "plain", false},
		{"img:${TAG}", "img:?", true},
		{"img:${TAG:-latest}", "img:?", true},
		{"$${NOT_A_VAR}", "${NOT_A_VAR}", false},
		{"a-${X}-$${Y}", "a-?-${Y}", true},
		{"${not closed", "${not closed", false},
		{"$(VERTEX_REF)", "$(VERTEX_REF)", false},
	} {
		got, vars := replaceVars(c.in, "?")
		if got != c.want || vars != c.vars {
			t.Errorf("replaceVars(%q) = %q, %v; want %q, %v", c.in, got, vars, c.want, c.vars)
		}
	}
}
