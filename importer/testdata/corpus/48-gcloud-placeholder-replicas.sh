# CI sets WORKERS, GPUS and IMAGE_TAG.
gcloud ai custom-jobs create \
  --region=us-central1 \
  --display-name=distill \
  --worker-pool-spec=machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=1,container-image-uri=us-central1-docker.pkg.dev/acme-ml/nlp/distill:${IMAGE_TAG} \
  --worker-pool-spec=machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=${GPUS},replica-count=${WORKERS},container-image-uri=us-central1-docker.pkg.dev/acme-ml/nlp/distill:${IMAGE_TAG}
