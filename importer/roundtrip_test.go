package importer

import (
	"path/filepath"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/vxjob/vxjob/spec"
	"github.com/vxjob/vxjob/spec/message"
)

// expectedDoc is a document a command line should make: its
// metadata.name, and the request vxjob will send for it.
type expectedDoc struct {
	name string
	msg  proto.Message // *aiplatformpb.CustomJob or *aiplatformpb.PersistentResource
}

// roundTrips are, for each command line of the corpus, the requests its
// gcloud command sends, written out by hand from what the command line
// means (gcloud's flags, its defaults: one replica, one accelerator when a
// type is given; --args to every pool, --command to every container), not
// computed by the code under test. The request built from the imported
// file must be the same.
var roundTrips = map[string][]expectedDoc{
	"31-gcloud-reference-example.sh": {{"test", &aiplatformpb.CustomJob{
		DisplayName: "test",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-highmem-2"},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "gcr.io/ucaip-test/ucaip-training-test"}},
		}}},
	}}},
	"32-gcloud-alpha-space-separated.sh": {{"image-classifier-v2", &aiplatformpb.CustomJob{
		DisplayName: "Image classifier v2",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 1},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "us-east1-docker.pkg.dev/acme-ml/vision/classifier:2.0.0",
				Args:     []string{"--epochs=20"},
			}},
		}}},
	}}},
	"33-gcloud-beta-multiline.sh": {{"llama-lora-ft", &aiplatformpb.CustomJob{
		DisplayName: "llama-lora-ft",
		Labels:      map[string]string{"team": "llm", "env": "prod"},
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "a2-highgpu-1g", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_A100, AcceleratorCount: 1},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "us-central1-docker.pkg.dev/acme-ml-prod/llm/lora:0.9.4",
				Args:     []string{"--base-model=gs://acme-ml-models/llama-3-8b", "--lora-r=16", "--epochs=2"},
			}},
		}}},
	}}},
	"34-gcloud-chief-and-workers.sh": {{"resnet50-multiworker", &aiplatformpb.CustomJob{
		DisplayName: "resnet50-multiworker",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-16", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_V100, AcceleratorCount: 2},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "europe-docker.pkg.dev/acme-ml/vision/resnet:4.1.0",
				Args:     []string{"--strategy=multi-worker-mirrored"},
			}},
		}, {
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-16", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_V100, AcceleratorCount: 2},
			ReplicaCount: 3,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "europe-docker.pkg.dev/acme-ml/vision/resnet:4.1.0",
				Args:     []string{"--strategy=multi-worker-mirrored"},
			}},
		}}},
	}}},
	"35-gcloud-args-command.sh": {{"bert-pretrain", &aiplatformpb.CustomJob{
		DisplayName: "bert-pretrain",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 2},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "us-docker.pkg.dev/acme-ml/nlp/bert:1.0.3",
				Command:  []string{"python", "-m", "bert.pretrain"},
				Args:     []string{"--steps=100000", "--warmup=10000"},
			}},
		}, {
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 2},
			ReplicaCount: 2,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "us-docker.pkg.dev/acme-ml/nlp/bert:1.0.3",
				Command:  []string{"python", "-m", "bert.pretrain"},
				Args:     []string{"--steps=100000", "--warmup=10000"},
			}},
		}}},
	}}},
	"36-gcloud-python-package.sh": {{"census-sklearn", &aiplatformpb.CustomJob{
		DisplayName: "census-sklearn",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "e2-standard-4"},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_PythonPackageSpec{PythonPackageSpec: &aiplatformpb.PythonPackageSpec{
				ExecutorImageUri: "us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest",
				PackageUris:      []string{"gs://acme-ml-packages/census-0.1.0.tar.gz"},
				PythonModule:     "trainer.task",
				Args:             []string{"--max-depth=8"},
			}},
		}}},
	}}},
	"37-gcloud-persistent-resource-job.sh": {{"bert-finetune", &aiplatformpb.CustomJob{
		DisplayName: "bert-finetune",
		Labels:      map[string]string{"team": "nlp"},
		JobSpec: &aiplatformpb.CustomJobSpec{
			PersistentResourceId: "training-pr",
			ServiceAccount:       "trainer@acme-ml-prod.iam.gserviceaccount.com",
			Network:              "projects/123456789012/global/networks/ml-vpc",
			EnableWebAccess:      true,
			WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
				MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "a2-highgpu-1g", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_A100, AcceleratorCount: 1},
				ReplicaCount: 1,
				Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-central1-docker.pkg.dev/acme-ml-prod/training/bert:1.4.2"}},
			}},
		},
		EncryptionSpec: &aiplatformpb.EncryptionSpec{KmsKeyName: "projects/acme-ml-prod/locations/us-central1/keyRings/ml/cryptoKeys/training"},
	}}},
	"38-gcloud-config-overrides.sh": {{"forecast-weekly", &aiplatformpb.CustomJob{
		DisplayName: "forecast-weekly",
		JobSpec: &aiplatformpb.CustomJobSpec{
			WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
				MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
				ReplicaCount: 1,
				DiskSpec:     &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 300},
				Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
					ImageUri: "us-central1-docker.pkg.dev/acme-ml/training/forecast:3.3.0",
					Args:     []string{"--horizon=56"}, // --args replaces the file's
				}},
			}},
			Scheduling: &aiplatformpb.Scheduling{Timeout: durationpb.New(3 * 60 * 60 * 1e9)},
			Network:    "projects/123456789012/global/networks/ml-vpc", // --network wins over the file
		},
	}}},
	"39-gcloud-script-variables.sh": {{"gcloud-script-variables", &aiplatformpb.CustomJob{
		DisplayName: "ranker_20261128_101500",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "us-central1-docker.pkg.dev/acme-ml-prod/training/ranker:2.2.0",
				Args:     []string{"--train-table=acme-ml-prod.ranking.train", "--epochs=5"},
			}},
		}}},
	}}},
	"40-gcloud-persistent-resource-create.sh": {{"training-pr", &aiplatformpb.PersistentResource{
		DisplayName: "Shared training capacity",
		Labels:      map[string]string{"team": "ml-platform", "cost-center": "research"},
		ResourcePools: []*aiplatformpb.ResourcePool{{
			MachineSpec:     &aiplatformpb.MachineSpec{MachineType: "a2-highgpu-1g", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_A100, AcceleratorCount: 1},
			DiskSpec:        &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 200},
			ReplicaCount:    proto.Int64(1),
			AutoscalingSpec: &aiplatformpb.ResourcePool_AutoscalingSpec{MinReplicaCount: proto.Int64(1), MaxReplicaCount: proto.Int64(2)},
		}, {
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-16", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 2},
			DiskSpec:     &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 100},
			ReplicaCount: proto.Int64(4),
		}},
	}}},
	"41-gcloud-pr-and-job.sh": {
		{"t4-pr", &aiplatformpb.PersistentResource{
			ResourcePools: []*aiplatformpb.ResourcePool{{
				MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 1},
				DiskSpec:     &aiplatformpb.DiskSpec{BootDiskType: "pd-ssd", BootDiskSizeGb: 100},
				ReplicaCount: proto.Int64(2),
			}},
			ResourceRuntimeSpec: &aiplatformpb.ResourceRuntimeSpec{ServiceAccountSpec: &aiplatformpb.ServiceAccountSpec{EnableCustomServiceAccount: true}},
		}},
		{"detector-on-pr", &aiplatformpb.CustomJob{
			DisplayName: "detector-on-pr",
			JobSpec: &aiplatformpb.CustomJobSpec{
				PersistentResourceId: "t4-pr",
				ServiceAccount:       "trainer@acme-ml-prod.iam.gserviceaccount.com",
				WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
					MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 1},
					ReplicaCount: 1,
					Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-central1-docker.pkg.dev/acme-ml-prod/vision/detector:5.2.0"}},
				}},
			},
		}},
	},
	// gcloud would build the local package and run it as output-image-uri.
	"42-gcloud-local-package.sh": {{"autopackaged-trainer", &aiplatformpb.CustomJob{
		DisplayName: "autopackaged-trainer",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-central1-docker.pkg.dev/acme-ml/training/autopackaged:7"}},
		}}},
	}}},
	// --python-module is no flag of create: the module is missing, as it
	// would be from gcloud's request, had gcloud sent one.
	"43-gcloud-top-level-python-module.sh": {{"mnist", &aiplatformpb.CustomJob{
		DisplayName: "mnist",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_PythonPackageSpec{PythonPackageSpec: &aiplatformpb.PythonPackageSpec{
				ExecutorImageUri: "us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-12.py310:latest",
			}},
		}}},
	}}},
	"44-gcloud-deprecated-k80.sh": {{"mnist-gpu", &aiplatformpb.CustomJob{
		DisplayName: "mnist-gpu",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-4", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_K80, AcceleratorCount: 1},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "gcr.io/acme-ml/mnist:1.0"}},
		}}},
	}}},
	"45-gcloud-accelerator-count-zero.sh": {{"resnet-debug", &aiplatformpb.CustomJob{
		DisplayName: "resnet-debug",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 0},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-central1-docker.pkg.dev/acme-ml/training/resnet:2.0.1"}},
		}}},
	}}},
	"46-gcloud-global-flags.sh": {{"jp-tokenizer", &aiplatformpb.CustomJob{
		DisplayName: "jp-tokenizer",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "e2-standard-8"},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "asia-northeast1-docker.pkg.dev/acme-ml-dev/nlp/tokenizer:1.1.0"}},
		}}},
	}}},
	"47-gcloud-custom-delimiter.sh": {{"grid-search", &aiplatformpb.CustomJob{
		DisplayName: "grid-search",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8"},
			ReplicaCount: 1,
			Task: &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{
				ImageUri: "us-central1-docker.pkg.dev/acme-ml/training/grid:2.3.0",
				Args:     []string{"--learning-rates=0.1,0.01,0.001", "--depths=4,6,8"},
			}},
		}}},
	}}},
	"48-gcloud-placeholder-replicas.sh": {{"distill", &aiplatformpb.CustomJob{
		DisplayName: "distill",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 1},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-central1-docker.pkg.dev/acme-ml/nlp/distill:0.3.0"}},
		}, {
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_TESLA_T4, AcceleratorCount: 1},
			ReplicaCount: 4,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "us-central1-docker.pkg.dev/acme-ml/nlp/distill:0.3.0"}},
		}}},
	}}},
	// The pools of --config come first; gcloud drops disk-size without
	// disk-type, and local-ssd-count.
	"49-gcloud-pr-config.sh": {{"mixed-pr", &aiplatformpb.PersistentResource{
		ResourcePools: []*aiplatformpb.ResourcePool{{
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"},
			ReplicaCount: proto.Int64(1),
		}, {
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "g2-standard-8", AcceleratorType: aiplatformpb.AcceleratorType_NVIDIA_L4, AcceleratorCount: 1},
			ReplicaCount: proto.Int64(2),
		}, {
			MachineSpec:  &aiplatformpb.MachineSpec{MachineType: "n1-standard-4"},
			ReplicaCount: proto.Int64(1),
		}},
	}}},
	// machine_type is no key of --worker-pool-spec, and the last
	// --display-name wins, without the output of date.
	"50-gcloud-unknown-keys.sh": {{"typo-job", &aiplatformpb.CustomJob{
		DisplayName: "typo-job-",
		JobSpec: &aiplatformpb.CustomJobSpec{WorkerPoolSpecs: []*aiplatformpb.WorkerPoolSpec{{
			MachineSpec:  &aiplatformpb.MachineSpec{},
			ReplicaCount: 1,
			Task:         &aiplatformpb.WorkerPoolSpec_ContainerSpec{ContainerSpec: &aiplatformpb.ContainerSpec{ImageUri: "gcr.io/acme-ml/job:1.0"}},
		}}},
	}}},
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range corpusInputs(t) {
		if filepath.Ext(name) != ".sh" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			want, ok := roundTrips[name]
			if !ok {
				t.Fatalf("roundTrips has no requests for %s; write them out by hand", name)
			}
			res := importCorpus(t, name)
			if len(res.Files) != len(want) {
				t.Fatalf("%d files imported, want %d", len(res.Files), len(want))
			}
			for i, f := range res.Files {
				parsed := spec.ParseVars(f.Name, f.Text, corpusVars[name])
				if len(parsed.Errors) > 0 || len(parsed.Docs) != 1 {
					t.Fatalf("%s: %d documents, errors %v", f.Name, len(parsed.Docs), parsed.Errors)
				}
				doc := parsed.Docs[0]
				if doc.Name != want[i].name {
					t.Errorf("%s: metadata.name %q, want %q", f.Name, doc.Name, want[i].name)
				}
				var got proto.Message
				var err error
				switch want[i].msg.(type) {
				case *aiplatformpb.CustomJob:
					got, err = message.CustomJob(doc)
				case *aiplatformpb.PersistentResource:
					got, err = message.PersistentResource(doc)
				}
				if err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				if !proto.Equal(got, want[i].msg) {
					t.Errorf("%s: the request differs from gcloud's (- gcloud, + vxjob):\n%s", f.Name,
						lineDiff(prototext.Format(want[i].msg), prototext.Format(got)))
				}
			}
		})
	}
}
