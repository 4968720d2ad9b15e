package lint

// The pages and code the rules' sources cite, named once because many
// rules cite the same page. Code is cited at the commit that was read, so
// the line a fact rests on does not move under it.
const (
	// Vertex AI's REST reference (the product's docs now live under the
	// Gemini Enterprise Agent Platform name; the API is still aiplatform v1).
	refCustomJobSpec      = "https://docs.cloud.google.com/gemini-enterprise-agent-platform/reference/rest/Shared.Types/CustomJobSpec"
	refWorkerPoolSpec     = refCustomJobSpec + "#WorkerPoolSpec"
	refMachineSpec        = refCustomJobSpec + "#MachineSpec"
	refDiskSpec           = refCustomJobSpec + "#DiskSpec"
	refPythonPackageSpec  = refCustomJobSpec + "#PythonPackageSpec"
	refContainerSpec      = "https://docs.cloud.google.com/gemini-enterprise-agent-platform/reference/rest/Shared.Types/ContainerSpec"
	refCustomJob          = "https://docs.cloud.google.com/gemini-enterprise-agent-platform/reference/rest/v1/projects.locations.customJobs"
	refPersistentResource = "https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.persistentResources"

	// Vertex AI's guides.
	guideDistributedTraining = "https://docs.cloud.google.com/gemini-enterprise-agent-platform/machine-learning/training/distributed-training"
	guidePersistentTrain     = "https://docs.cloud.google.com/gemini-enterprise-agent-platform/machine-learning/training/persistent-resource-train"
	guideTPUTraining         = "https://cloud.google.com/vertex-ai/docs/training/training-with-tpu-vm"

	// The API definitions the REST reference is generated from.
	protoCustomJob          = "https://github.com/googleapis/googleapis/blob/cc51e4818f5f928f34e801252cc11db73e097933/google/cloud/aiplatform/v1/custom_job.proto"
	protoPersistentResource = "https://github.com/googleapis/googleapis/blob/0fa9ce880be5ea7c3027015849cd4fbfb04812c5/google/cloud/aiplatform/v1/persistent_resource.proto"
	protoEnvVar             = "https://github.com/googleapis/googleapis/blob/3597f7db2191c00b100400991ef96e52d62f5841/google/cloud/aiplatform/v1/env_var.proto"
	protoAcceleratorType    = "https://github.com/googleapis/googleapis/blob/7d4e6ae6c363b860a4856bc4e74acd8421ae27fc/google/cloud/aiplatform/v1/accelerator_type.proto"

	// gcloud (the published SDK's source) and the Vertex AI SDK for Python.
	gcloudSource            = "https://github.com/google-cloud-sdk-unofficial/google-cloud-sdk/blob/01f043c2289dbd5b8de55d1d271ead804f9448f0/lib/googlecloudsdk/command_lib/ai/"
	gcloudJobsValidation    = gcloudSource + "custom_jobs/validation.py"
	gcloudJobsFlags         = gcloudSource + "custom_jobs/flags.py"
	gcloudPRValidation      = gcloudSource + "persistent_resources/validation.py"
	gcloudPRFlags           = gcloudSource + "persistent_resources/flags.py"
	gcloudModelGardenUtils  = gcloudSource + "model_garden_utils.py"
	sdkJobs                 = "https://github.com/googleapis/python-aiplatform/blob/000428b91d12c1447479848a4f1b64cf16ac221b/google/cloud/aiplatform/jobs.py"
	sdkWorkerSpecUtils      = "https://github.com/googleapis/python-aiplatform/blob/3a489030bee3c4cd2305bd2ac6aa7ec49a6b7051/google/cloud/aiplatform/utils/worker_spec_utils.py"
	sdkUtils                = "https://github.com/googleapis/python-aiplatform/blob/2973584e47eaea484b0571e4b56ee5667f0e6158/google/cloud/aiplatform/utils/__init__.py"
	sdkCustomTrainingJobDoc = "https://cloud.google.com/python/docs/reference/aiplatform/latest/google.cloud.aiplatform.CustomTrainingJob"

	// Google Cloud beyond Vertex AI.
	gceGPUs                 = "https://cloud.google.com/compute/docs/gpus"
	gceAcceleratorOptimized = "https://cloud.google.com/compute/docs/accelerator-optimized-machines"
	gceK80EOL               = "https://cloud.google.com/compute/docs/eol/k80-eol"
	labelRequirements       = "https://cloud.google.com/kms/docs/labeling-keys"
	aip203                  = "https://github.com/aip-dev/google.aip.dev/blob/012086192a6f4c00b11bbea502fdecfbf89e48bf/aip/general/0203.md"
	protoJSON               = "https://protobuf.dev/programming-guides/json/"

	// YAML and JSON.
	yamlSpec     = "https://yaml.org/spec/1.2.2/"
	yaml11Int    = "https://yaml.org/type/int.html"
	goYAMLReadme = "https://github.com/yaml/go-yaml/blob/9d23f3c4c12691ae31acd36859546e0933e2cbca/README.md"
	rfc8259UTF8  = "https://www.rfc-editor.org/rfc/rfc8259#section-8.1"
)
