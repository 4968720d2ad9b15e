#!/bin/bash
set -e

gcloud ai custom-jobs create \
  --region=europe-west4 \
  --display-name=resnet50-multiworker \
  --worker-pool-spec=machine-type=n1-standard-16,replica-count=1,accelerator-type=NVIDIA_TESLA_V100,accelerator-count=2,container-image-uri=europe-docker.pkg.dev/acme-ml/vision/resnet:4.1.0 \
  --worker-pool-spec=machine-type=n1-standard-16,replica-count=3,accelerator-type=NVIDIA_TESLA_V100,accelerator-count=2,container-image-uri=europe-docker.pkg.dev/acme-ml/vision/resnet:4.1.0 \
  --args=--strategy=multi-worker-mirrored
