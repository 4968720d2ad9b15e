#!/usr/bin/env bash
# Fine-tune on one A100.
gcloud beta ai custom-jobs create \
    --project=acme-ml-prod \
    --region=us-central1 \
    --display-name=llama-lora-ft \
    --labels=team=llm,env=prod \
    --worker-pool-spec=machine-type=a2-highgpu-1g,replica-count=1,accelerator-type=NVIDIA_TESLA_A100,accelerator-count=1,container-image-uri=us-central1-docker.pkg.dev/acme-ml-prod/llm/lora:0.9.4 \
    --args="--base-model=gs://acme-ml-models/llama-3-8b,--lora-r=16,--epochs=2"
