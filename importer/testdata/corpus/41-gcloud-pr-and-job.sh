#!/bin/bash
# Make the capacity, then run a job on it.
gcloud config set project acme-ml-prod
gcloud config set ai/region us-central1

gcloud ai persistent-resources create \
  --persistent-resource-id=t4-pr \
  --resource-pool-spec=replica-count=2,machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=1,disk-type=pd-ssd,disk-size=100 \
  --enable-custom-service-account

gcloud ai persistent-resources describe t4-pr

gcloud ai custom-jobs create \
  --display-name=detector-on-pr \
  --persistent-resource-id=t4-pr \
  --service-account=trainer@acme-ml-prod.iam.gserviceaccount.com \
  --worker-pool-spec=machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=1,replica-count=1,container-image-uri=us-central1-docker.pkg.dev/acme-ml-prod/vision/detector:5.2.0

echo done
