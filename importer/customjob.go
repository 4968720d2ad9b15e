package importer

import (
	"go.yaml.in/yaml/v3"
)

// workerPoolKeys are the keys of --worker-pool-spec (gcloud's ArgDict in
// command_lib/ai/custom_jobs/flags.py).
var workerPoolKeys = []string{"replica-count", "machine-type", "accelerator-type", "accelerator-count",
	"container-image-uri", "executor-image-uri", "output-image-uri", "python-module", "script",
	"local-package-path", "requirements", "extra-dirs", "extra-packages"}

// localPackageKeys only go with local-package-path: they say how gcloud
// builds the image.
var localPackageKeys = []string{"script", "requirements", "extra-dirs", "extra-packages"}

// customJob translates gcloud ai custom-jobs create as gcloud builds its
// request (command_lib/ai/custom_jobs/custom_jobs_util.py,
// ConstructCustomJobSpec): the --config file is the base; worker pools
// from --worker-pool-spec replace its pools; --network, --service-account,
// --persistent-resource-id and the --enable-* flags override it; --args go
// to every pool's container or Python package, --command to every
// container; display name, labels and key are the job's.
func (s *shell) customJob(cmd *gcloudCommand) {
	s.checkFlags(cmd, commands["ai custom-jobs create"])
	d := &document{kind: kindJob, source: s.source(cmd), at: s.at(cmd.start())}
	job, spec := newMapping(), newMapping()
	fromConfig := false
	if f := cmd.last("--config"); f != nil && f.hasValue {
		if cfg := s.config(f, kindJob); cfg != nil {
			job, d.head, d.project, d.location = cfg.spec, cfg.head, cfg.project, cfg.location
			spec = resolve(get(job, "jobSpec"))
			fromConfig = true
		}
	}
	if id := cmd.last("--persistent-resource-id"); id != nil {
		set(spec, "persistentResourceId", newString(id.value.text))
	}
	if specs := cmd.values("--worker-pool-spec"); len(specs) > 0 {
		set(spec, "workerPoolSpecs", s.workerPools(cmd, specs))
	} else if cmd.last("--config") == nil {
		s.imp.problemf(s.at(cmd.start()), "no --worker-pool-spec and no --config: gcloud needs one of them to know what to run")
	}
	if f := cmd.last("--network"); f != nil {
		set(spec, "network", newString(f.value.text))
	}
	if f := cmd.last("--service-account"); f != nil {
		set(spec, "serviceAccount", newString(f.value.text))
	}
	// gcloud sets these only to turn them on.
	if cmd.has("--enable-web-access") {
		set(spec, "enableWebAccess", newBool(true))
	}
	if cmd.has("--enable-dashboard-access") {
		set(spec, "enableDashboardAccess", newBool(true))
	}
	s.argsAndCommand(cmd, spec)

	if f := cmd.last("--display-name"); f != nil {
		set(job, "displayName", newString(f.value.text))
	} else {
		s.imp.problemf(s.at(cmd.start()), "no --display-name: gcloud requires one")
	}
	if labels := s.labels(cmd); labels != nil {
		set(job, "labels", labels)
	}
	set(job, "jobSpec", spec)
	s.place(d, cmd)
	if key := s.kmsKey(cmd, d.project); key != nil {
		setPath(job, key, "encryptionSpec", "kmsKeyName")
	}
	order(job, "displayName", "labels", "jobSpec", "encryptionSpec")
	if !fromConfig {
		// The file's order is the author's; the flags' is not.
		order(spec, "persistentResourceId", "workerPoolSpecs")
	}
	d.spec = job
	s.imp.docs = append(s.imp.docs, d)
}

// workerPools translates the --worker-pool-spec flags. A local package in
// the first (local-package-path) is built by gcloud into an image that
// every pool then runs; this import builds nothing, so it is reported, and
// the pools run output-image-uri, the image gcloud would have pushed, when
// the spec names it.
func (s *shell) workerPools(cmd *gcloudCommand, flags []cmdFlag) *yaml.Node {
	packageURIs := s.list(cmd, "--python-package-uris")
	dicts := make([]dict, len(flags))
	for i, f := range flags {
		dicts[i] = s.parseDict(f, workerPoolKeys)
	}
	local, builtImage := s.localPackage(dicts[0])
	pools := newSequence()
	usedURIs := false
	for i, d := range dicts {
		if d.empty() {
			if i == 0 {
				s.imp.problemf(s.at(d.flag.at), "the first --worker-pool-spec is empty; gcloud refuses it (only later pools may be placeholders)")
			}
			pools.Content = append(pools.Content, newMapping())
			continue
		}
		s.checkSoftware(d, i, local)
		pool := newMapping()
		set(pool, "machineSpec", s.machineSpec(d, "NVIDIA", "TPU"))
		count := newInteger("1")
		if d.has("replica-count") {
			count = s.integer(d, "replica-count")
		}
		setInteger(pool, "replicaCount", count)
		switch {
		case local:
			if builtImage != "" {
				setPath(pool, newString(builtImage), "containerSpec", "imageUri")
			}
		case d.has("container-image-uri"):
			setPath(pool, newString(d.text("container-image-uri")), "containerSpec", "imageUri")
		case len(packageURIs) > 0 || d.has("executor-image-uri") || d.has("python-module"):
			pkg := newMapping()
			if d.has("executor-image-uri") {
				set(pkg, "executorImageUri", newString(d.text("executor-image-uri")))
			}
			if len(packageURIs) > 0 {
				set(pkg, "packageUris", newStrings(packageURIs))
				usedURIs = true
			}
			if d.has("python-module") {
				set(pkg, "pythonModule", newString(d.text("python-module")))
			}
			set(pool, "pythonPackageSpec", pkg)
		}
		pools.Content = append(pools.Content, pool)
	}
	if f := cmd.last("--python-package-uris"); f != nil && !usedURIs {
		s.imp.problemf(s.at(f.at), "--python-package-uris goes to worker pools that run a Python package (executor-image-uri); no pool here does, so it is left out")
	}
	return pools
}

// localPackage reports a local package in the first worker pool spec, and
// returns the image gcloud would build from it, when the spec names it.
func (s *shell) localPackage(first dict) (local bool, image string) {
	if !first.has("local-package-path") {
		if first.has("output-image-uri") {
			s.imp.problemf(s.at(first.entries["output-image-uri"].key.off(0)),
				"output-image-uri names the image gcloud builds from local-package-path; without one, gcloud ignores it, and so does this import")
		}
		return false, ""
	}
	e := first.entries["local-package-path"]
	msg := "local-package-path: gcloud builds a training image from local code (" + e.value.text + ") with docker and pushes it; " +
		"vxjob builds no images. Build and push it, then name it in containerSpec.imageUri"
	if first.has("output-image-uri") {
		image = first.text("output-image-uri")
		msg += "; the job runs " + image + ", the image output-image-uri names"
	} else {
		msg += "; no output-image-uri names the image, so the pools have no containerSpec"
	}
	s.imp.problemf(s.at(e.key.off(0)), "%s", msg)
	return true, image
}

// checkSoftware reports what gcloud refuses about what a worker pool runs
// (command_lib/ai/custom_jobs/validation.py).
func (s *shell) checkSoftware(d dict, index int, local bool) {
	keyAt := func(key string) Pos { return s.at(d.entries[key].key.off(0)) }
	if index > 0 && d.has("local-package-path") {
		s.imp.problemf(keyAt("local-package-path"), "local-package-path only goes in the first --worker-pool-spec; gcloud refuses it here")
	}
	if local {
		if index > 0 {
			for _, key := range append([]string{"executor-image-uri", "container-image-uri", "python-module"}, localPackageKeys...) {
				if d.has(key) {
					s.imp.problemf(keyAt(key), "%s: the first pool's local package runs in every pool; gcloud refuses %s in the others", key, key)
				}
			}
		}
		return
	}
	switch {
	case d.has("executor-image-uri") == d.has("container-image-uri"):
		s.imp.problemf(s.at(d.flag.at), "a --worker-pool-spec needs exactly one of container-image-uri and executor-image-uri; gcloud refuses it otherwise")
	case d.has("container-image-uri") && d.has("python-module"):
		s.imp.problemf(keyAt("python-module"), "python-module goes with executor-image-uri, not container-image-uri; gcloud refuses it")
	case d.has("executor-image-uri") && !d.has("python-module"):
		s.imp.problemf(keyAt("executor-image-uri"), "executor-image-uri needs python-module, the module to run; gcloud refuses it without")
	}
	for _, key := range localPackageKeys {
		if d.has(key) {
			s.imp.problemf(keyAt(key), "%s only goes with local-package-path in the first --worker-pool-spec; gcloud refuses it here", key)
		}
	}
}

// argsAndCommand gives --args to every worker pool that runs a container
// or a Python package, and --command to every container, as gcloud does.
func (s *shell) argsAndCommand(cmd *gcloudCommand, spec *yaml.Node) {
	args, command := s.list(cmd, "--args"), s.list(cmd, "--command")
	if len(args) == 0 && len(command) == 0 {
		return
	}
	gotArgs, gotCommand := false, false
	if pools := resolve(get(spec, "workerPoolSpecs")); pools != nil && pools.Kind == yaml.SequenceNode {
		for _, pool := range pools.Content {
			if c := resolve(get(pool, "containerSpec")); c != nil && c.Kind == yaml.MappingNode {
				if len(args) > 0 {
					set(c, "args", newStrings(args))
					gotArgs = true
				}
				if len(command) > 0 {
					set(c, "command", newStrings(command))
					gotCommand = true
				}
			}
			if p := resolve(get(pool, "pythonPackageSpec")); p != nil && p.Kind == yaml.MappingNode && len(args) > 0 {
				set(p, "args", newStrings(args))
				gotArgs = true
			}
		}
	}
	if f := cmd.last("--args"); f != nil && !gotArgs {
		s.imp.problemf(s.at(f.at), "--args goes to worker pools that run a container or a Python package; no pool here does, so it is left out")
	}
	if f := cmd.last("--command"); f != nil && !gotCommand {
		s.imp.problemf(s.at(f.at), "--command goes to worker pools that run a container; no pool here does, so it is left out")
	}
}
