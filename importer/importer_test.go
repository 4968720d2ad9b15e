package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestNameFrom(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"bert-finetune", "bert-finetune"},
		{"BERT fine-tune (SQuAD v2)", "bert-fine-tune-squad-v2"},
		{"ranker_2026_11_28", "ranker-2026-11-28"},
		{"2024 model", "model"},           // a name starts with a letter
		{"train-${TAG}-gpu", "train-gpu"}, // a name holds no variable
		{"${JOB_NAME}", ""},               // nothing left
		{"Ünïcödé job", "n-c-d-job"},      // letters outside a-z are not name characters
		{"---", ""},
		{strings.Repeat("a", 70), strings.Repeat("a", 63)},
		{strings.Repeat("a", 62) + "-b", strings.Repeat("a", 62)}, // no '-' at the end once cut
	} {
		if got := nameFrom(c.in); got != c.want {
			t.Errorf("nameFrom(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSplitDictAndList(t *testing.T) {
	t.Parallel()
	w := plainWord("machine-type=n1-standard-4,requirements=a==1;b,empty=,novalue")
	var got []string
	for _, e := range splitDict(w) {
		got = append(got, e.key.text+"|"+e.value.text+"|"+map[bool]string{true: "=", false: "-"}[e.hasValue])
	}
	want := []string{"machine-type|n1-standard-4|=", "requirements|a==1;b|=", "empty||=", "novalue||-"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("splitDict = %q, want %q", got, want)
	}
	// Offsets follow the items: "requirements" starts at byte 27.
	if e := splitDict(w)[1]; e.key.off(0) != 27 || e.value.off(0) != 40 {
		t.Errorf("requirements at %d, its value at %d; want 27 and 40", e.key.off(0), e.value.off(0))
	}
	for _, c := range []struct {
		in, delim string
		want      []string
	}{
		{"a,b,c", ",", []string{"a", "b", "c"}},
		{"^:^a,b:c", ",", []string{"a,b", "c"}},
		{"^;;^x;;y,z", ",", []string{"x", "y,z"}},
		{"pandas;numpy", ";", []string{"pandas", "numpy"}},
		{"", ",", nil},
	} {
		var got []string
		for _, item := range splitList(plainWord(c.in), c.delim) {
			got = append(got, item.text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("splitList(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func plainWord(s string) word {
	offs := make([]int, len(s))
	for i := range offs {
		offs[i] = i
	}
	return word{text: s, offs: offs, end: len(s)}
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	// Each case is the --display-name of a command; what gcloud receives
	// is what the document gets.
	for _, c := range []struct {
		script, want string
		problems     int
	}{
		{`gcloud ai custom-jobs create --display-name=plain`, "plain", 0},
		{`gcloud ai custom-jobs create --display-name 'single quoted $X'`, "single quoted $X", 0},
		{`gcloud ai custom-jobs create --display-name="double \"quoted\" \$X \a"`, `double "quoted" $X \a`, 0},
		{`gcloud ai custom-jobs create --display-name=esc\ aped`, "esc aped", 0},
		{"gcloud ai custom-jobs create --display-name=con\\\ntinued", "continued", 0},
		{`gcloud ai custom-jobs create --display-name=$'tab\there'`, "tab\there", 0},
		{"N=bert\ngcloud ai custom-jobs create --display-name=$N-${N}", "bert-bert", 0},
		{"export N=bert\ngcloud ai custom-jobs create --display-name=\"$N\"", "bert", 0},
		{`gcloud ai custom-jobs create --display-name=$UNSET`, "${UNSET}", 0},
		{`gcloud ai custom-jobs create --display-name=${UNSET:-dflt}`, "${UNSET:-dflt}", 0},
		{"N=\ngcloud ai custom-jobs create --display-name=${N:-dflt}", "${N:-dflt}", 0},
		{"N=set\ngcloud ai custom-jobs create --display-name=${N:-dflt}", "set", 0},
		{"T=$(git rev-parse HEAD)\ngcloud ai custom-jobs create --display-name=job-$T", "job-${T}", 0},
		{"N=x\nunset N\ngcloud ai custom-jobs create --display-name=$N", "${N}", 0},
		{`gcloud ai custom-jobs create --display-name=job-$(date +%s)`, "job-", 1},
		{`gcloud ai custom-jobs create --display-name=job-$1`, "job-", 1},
		{`gcloud ai custom-jobs create --display-name=job-${N%.x}`, "job-", 1},
	} {
		res, err := Import("t.sh", []byte(c.script+" --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1\n"), Options{})
		if err != nil {
			t.Errorf("%s: %v", c.script, err)
			continue
		}
		var doc struct {
			Spec struct {
				DisplayName string `yaml:"displayName"`
			}
		}
		if len(res.Files) != 1 {
			t.Errorf("%q: %d files", c.script, len(res.Files))
			continue
		}
		if err := yaml.Unmarshal(res.Files[0].Text, &doc); err != nil {
			t.Fatal(err)
		}
		if got := doc.Spec.DisplayName; got != c.want || len(res.Problems) != c.problems {
			t.Errorf("%q:\n displayName %q, want %q\n problems %v, want %d", c.script, got, c.want, res.Problems, c.problems)
		}
	}
}

func TestGcloudInCommandSubstitution(t *testing.T) {
	t.Parallel()
	script := `JOB=$(gcloud ai custom-jobs create --region=us-central1 --display-name=sub --format='value(name)' \
  --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1)
echo "$JOB"
`
	res, err := Import("t.sh", []byte(script), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0].Name != "sub.yaml" || len(res.Problems) != 0 {
		t.Errorf("files %v, problems %v; want sub.yaml and no problem", res.Files, res.Problems)
	}
}

func TestFlagsForms(t *testing.T) {
	t.Parallel()
	script := `gcloud ai custom-jobs create --display-name=flags --region us-central1 \
  --no-enable-web-access --enable-dashboard-access \
  --kms-key=training --kms-keyring=ml --kms-location=us-central1 --kms-project=acme-kms \
  --labels=a=1 --labels=b=2 \
  --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1 \
  --worker-pool-spec= \
  --worker-pool-spec=machine-type=e2-standard-4,replica-count=2,container-image-uri=gcr.io/p/i:1
`
	res, err := Import("t.sh", []byte(script), Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := string(res.Files[0].Text)
	for _, want := range []string{
		"kmsKeyName: projects/acme-kms/locations/us-central1/keyRings/ml/cryptoKeys/training",
		"enableDashboardAccess: true",
		"  labels:\n    a: \"1\"\n    b: \"2\"\n",
		"    - {}\n", // an empty --worker-pool-spec is a placeholder pool
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if strings.Contains(text, "enableWebAccess") {
		t.Errorf("--no-enable-web-access turned web access on:\n%s", text)
	}
	if len(res.Problems) != 0 {
		t.Errorf("problems: %v", res.Problems)
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	body := []byte("workerPoolSpecs: {machineSpec: {machineType: e2-standard-4}, replicaCount: 1, containerSpec: {imageUri: gcr.io/p/i:1}}\n")
	res, err := Import("job.yaml", body, Options{Name: "given", Project: "p", Location: "l"})
	if err != nil {
		t.Fatal(err)
	}
	if text := string(res.Files[0].Text); res.Files[0].Name != "given.yaml" || !strings.Contains(text, "  name: given\n  project: p\n  location: l\n") {
		t.Errorf("options not applied: %s\n%s", res.Files[0].Name, text)
	}
	// What the input says wins over the options' defaults.
	line := "gcloud ai custom-jobs create --project=mine --region=here --display-name=x --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1"
	res, err = Import("<gcloud>", []byte(line), Options{Gcloud: true, Project: "p", Location: "l"})
	if err != nil {
		t.Fatal(err)
	}
	if text := string(res.Files[0].Text); !strings.Contains(text, "  project: mine\n  location: here\n") {
		t.Errorf("the command line's project and region should win:\n%s", text)
	}

	if _, err := Import("job.yaml", body, Options{Name: "Not_A_Name"}); err == nil {
		t.Error("an invalid --name was taken")
	}
	two := "gcloud ai custom-jobs create --display-name=a --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1\n"
	if _, err := Import("two.sh", []byte(two+two), Options{Name: "one"}); err == nil || !strings.Contains(err.Error(), "2 documents") {
		t.Errorf("a name for two documents: err %v", err)
	}
	// Two jobs of one display name get two names.
	res, err = Import("two.sh", []byte(two+two), Options{})
	if err != nil || len(res.Files) != 2 || res.Files[0].Name != "a.yaml" || res.Files[1].Name != "a-2.yaml" || !strings.Contains(string(res.Files[1].Text), "name: a-2\n") {
		t.Errorf("two jobs named a: %v %v", res, err)
	}
	// A command line without a display name is not named after <gcloud>.
	res, _ = Import("<gcloud>", []byte("gcloud ai custom-jobs create --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1"), Options{Gcloud: true})
	if res.Files[0].Name != "custom-job.yaml" || len(res.Problems) != 1 {
		t.Errorf("no display name: %s, problems %v", res.Files[0].Name, res.Problems)
	}
}

func TestUnreadableInput(t *testing.T) {
	t.Parallel()
	if _, err := Import("bad.yaml", []byte("a: [b\n"), Options{}); err == nil || !strings.HasPrefix(err.Error(), "bad.yaml: ") {
		t.Errorf("YAML syntax error: %v", err)
	}
	if _, err := Import("bad.sh", []byte("gcloud ai custom-jobs create --display-name='open\n"), Options{}); err == nil || !strings.HasPrefix(err.Error(), "bad.sh:") {
		t.Errorf("shell syntax error: %v", err)
	}
	for _, c := range []struct{ name, src, problem string }{
		{"empty.yaml", "# nothing\n", "empty.yaml:1:1: nothing to import"},
		{"scalar.yaml", "hello\n", "scalar.yaml:1:1: nothing to import"},
		{"other.yaml", "apiVersion: v1\nkind: Pod\n", "other.yaml:1:1: nothing to import"},
		{"vxjob.yaml", "apiVersion: vxjob/v1\nkind: CustomJob\n", "vxjob.yaml:1:1: this is a vxjob document already"},
		{"none.sh", "echo hello\n", "none.sh:1:1: nothing to import"},
	} {
		res, err := Import(c.name, []byte(c.src), Options{})
		if err != nil || len(res.Files) != 0 || len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0].String(), c.problem) {
			t.Errorf("%s: err %v, files %d, problems %v; want %q", c.name, err, len(res.Files), res.Problems, c.problem)
		}
	}
}

func TestConfigFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := "workerPoolSpecs:\n  machineSpec: {machineType: e2-standard-4}\n  replicaCount: 1\n  containerSpec: {imageUri: gcr.io/p/i:1}\nbogus: 1\n"
	if err := os.WriteFile(filepath.Join(dir, "cfg.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	line := "gcloud ai custom-jobs create --display-name=c --config=cfg.yaml"
	res, err := Import("<gcloud>", []byte(line), Options{Gcloud: true, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "cfg.yaml") + `:5:1: unknown field "bogus" in CustomJobSpec; left out`
	if len(res.Problems) != 1 || res.Problems[0].String() != want {
		t.Errorf("problems %v, want %q", res.Problems, want)
	}
	res, _ = Import("<gcloud>", []byte("gcloud ai custom-jobs create --display-name=c --config=missing.yaml"), Options{Gcloud: true, Dir: dir})
	if len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0].String(), "<gcloud>:1:56: cannot read the --config file") {
		t.Errorf("a missing --config: %v", res.Problems)
	}
}

func TestLooksLikeShell(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, src string
		want      bool
	}{
		{"run.sh", "anything", true},
		{"job", "#!/bin/bash\n", true},
		{"job", "# submit\n\ngcloud ai custom-jobs create \\\n", true},
		{"job.yaml", "# gcloud config\nworkerPoolSpecs: []\n", false},
		{"job.json", `{"gcloud": 1}`, false},
	} {
		if got := looksLikeShell(c.name, []byte(c.src)); got != c.want {
			t.Errorf("looksLikeShell(%q, %q) = %v", c.name, c.src, got)
		}
	}
}

func TestValueThatLooksLikeAFlag(t *testing.T) {
	t.Parallel()
	line := "gcloud ai custom-jobs create --display-name=v --worker-pool-spec=machine-type=e2-standard-4,container-image-uri=gcr.io/p/i:1 --args --epochs=3"
	res, err := Import("<gcloud>", []byte(line), Options{Gcloud: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"<gcloud>:1:126: --args needs a value; gcloud reads --epochs=3 as a flag of its own, not as the value: write --args=--epochs=3",
		"<gcloud>:1:133: gcloud ai custom-jobs create has no flag --epochs; left out",
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPersistentResourceTwice(t *testing.T) {
	t.Parallel()
	line := "gcloud ai persistent-resources create --persistent-resource-id=pr --resource-pool-spec=machine-type=e2-standard-4,replica-count=1\n"
	res, err := Import("two.sh", []byte(line+line), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 || res.Files[1].Name != "pr-2.yaml" || len(res.Problems) != 1 ||
		res.Problems[0].String() != "two.sh:2:1: persistent resource pr is created twice; Vertex AI refuses the second" {
		t.Errorf("files %v, problems %v", len(res.Files), res.Problems)
	}
}
