gcloud ai custom-jobs create --region=us-central1 --display-name=mnist-gpu \
  --worker-pool-spec=machine-type=n1-standard-4,accelerator-type=NVIDIA_TESLA_K80,accelerator-count=1,container-image-uri=gcr.io/acme-ml/mnist:1.0
