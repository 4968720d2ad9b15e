package importer

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// resourcePoolKeys are the keys of --resource-pool-spec (gcloud's ArgDict
// in command_lib/ai/persistent_resources/flags.py).
var resourcePoolKeys = []string{"replica-count", "min-replica-count", "max-replica-count", "machine-type",
	"accelerator-type", "accelerator-count", "disk-type", "disk-size", "local-ssd-count"}

// resourceConfigFlags say which flag sets what gcloud persistent-resources
// create leaves out of a --config file: it takes only its resourcePools.
var resourceConfigFlags = map[string]string{
	"displayName":         "--display-name",
	"labels":              "--labels",
	"network":             "--network",
	"encryptionSpec":      "--kms-key",
	"resourceRuntimeSpec": "--enable-custom-service-account",
}

// persistentResource translates gcloud ai persistent-resources create as
// gcloud builds its request (surface/ai/persistent_resources/create.py,
// persistent_resource_util.py and api_lib/ai/persistent_resources/
// client.py): the pools of --config, then one per --resource-pool-spec;
// display name, labels, network, key and custom service accounts from
// their flags.
func (s *shell) persistentResource(cmd *gcloudCommand) {
	s.checkFlags(cmd, commands["ai persistent-resources create"])
	d := &document{kind: kindResource, source: s.source(cmd), at: s.at(cmd.start())}
	spec := newMapping()
	pools := newSequence()
	if f := cmd.last("--config"); f != nil && f.hasValue {
		if cfg := s.config(f, kindResource); cfg != nil {
			d.head = cfg.head
			for i := 0; i+1 < len(cfg.spec.Content); i += 2 {
				k, v := cfg.spec.Content[i], cfg.spec.Content[i+1]
				if k.Value == "resourcePools" {
					pools = resolve(v)
					continue
				}
				msg := fmt.Sprintf("gcloud takes only resourcePools from --config; %s is left out", k.Value)
				if use := resourceConfigFlags[k.Value]; use != "" {
					msg += fmt.Sprintf(" (use %s)", use)
				}
				s.imp.problemf(Pos{cfg.source, k.Line, k.Column}, "%s", msg)
			}
		}
	}
	specs := cmd.values("--resource-pool-spec")
	for _, f := range specs {
		pd := s.parseDict(f, resourcePoolKeys)
		if pd.empty() {
			s.imp.problemf(s.at(f.at), "an empty --resource-pool-spec; gcloud refuses it")
			continue
		}
		pools.Content = append(pools.Content, s.resourcePool(pd))
	}
	if len(pools.Content) == 0 {
		s.imp.problemf(s.at(cmd.start()), "no resource pool: gcloud needs --resource-pool-spec or a --config with resourcePools")
	}

	if f := cmd.last("--persistent-resource-id"); f != nil {
		if nameRE.MatchString(f.value.text) {
			d.id = f.value.text
		} else {
			s.imp.problemf(s.at(f.value.off(0)), "persistent resource ID %q is not one (lowercase letters, digits and '-', starting with a letter, at most 63); the name is made from the display name instead", f.value.text)
		}
	} else {
		s.imp.problemf(s.at(cmd.start()), "no --persistent-resource-id: gcloud requires one")
	}
	if f := cmd.last("--display-name"); f != nil {
		set(spec, "displayName", newString(f.value.text))
	}
	if labels := s.labels(cmd); labels != nil {
		set(spec, "labels", labels)
	}
	set(spec, "resourcePools", pools)
	if f := cmd.last("--network"); f != nil {
		set(spec, "network", newString(f.value.text))
	}
	if cmd.has("--enable-custom-service-account") {
		setPath(spec, newBool(true), "resourceRuntimeSpec", "serviceAccountSpec", "enableCustomServiceAccount")
	}
	s.place(d, cmd)
	if key := s.kmsKey(cmd, d.project); key != nil {
		setPath(spec, key, "encryptionSpec", "kmsKeyName")
	}
	d.spec = spec
	s.imp.docs = append(s.imp.docs, d)
}

// resourcePool translates one --resource-pool-spec, and reports what
// gcloud refuses or leaves out of it
// (command_lib/ai/persistent_resources/validation.py).
func (s *shell) resourcePool(d dict) *yaml.Node {
	keyAt := func(key string) Pos { return s.at(d.entries[key].key.off(0)) }
	pool := newMapping()
	if d.has("accelerator-type") && !d.has("accelerator-count") {
		s.imp.problemf(keyAt("accelerator-type"), "accelerator-type without accelerator-count; gcloud refuses it for a persistent resource")
	}
	set(pool, "machineSpec", s.machineSpec(d, "NVIDIA"))
	switch {
	case d.has("disk-type"):
		disk := newMapping()
		set(disk, "bootDiskType", newString(d.text("disk-type")))
		if d.has("disk-size") {
			setInteger(disk, "bootDiskSizeGb", s.integer(d, "disk-size"))
		}
		set(pool, "diskSpec", disk)
	case d.has("disk-size"):
		s.imp.problemf(keyAt("disk-size"), "disk-size without disk-type: gcloud sends no disk then, so it is left out; give disk-type too")
	}
	// gcloud sets the replica count only when it is not 0.
	if d.has("replica-count") && d.text("replica-count") != "0" {
		setInteger(pool, "replicaCount", s.integer(d, "replica-count"))
	}
	hasMin, hasMax := d.has("min-replica-count"), d.has("max-replica-count")
	if hasMin || hasMax {
		if hasMin != hasMax {
			s.imp.problemf(s.at(d.flag.at), "min-replica-count and max-replica-count go together; gcloud refuses one without the other")
		}
		auto := newMapping()
		if hasMin {
			setInteger(auto, "minReplicaCount", s.integer(d, "min-replica-count"))
		}
		if hasMax {
			setInteger(auto, "maxReplicaCount", s.integer(d, "max-replica-count"))
		}
		set(pool, "autoscalingSpec", auto)
	}
	if !d.has("replica-count") && !hasMin {
		s.imp.problemf(s.at(d.flag.at), "no replica-count (nor min-replica-count and max-replica-count); gcloud refuses the pool")
	}
	if d.has("local-ssd-count") {
		s.imp.problemf(keyAt("local-ssd-count"), "local-ssd-count: gcloud takes it but sends nothing for it (the v1 ResourcePool has no such field); left out")
	}
	return pool
}
