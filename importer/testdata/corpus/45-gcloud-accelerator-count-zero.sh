gcloud ai custom-jobs create --region=us-central1 --display-name=resnet-debug \
  --worker-pool-spec=machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=0,container-image-uri=us-central1-docker.pkg.dev/acme-ml/training/resnet:2.0.1
