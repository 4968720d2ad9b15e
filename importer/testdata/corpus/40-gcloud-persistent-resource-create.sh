gcloud ai persistent-resources create \
  --persistent-resource-id=training-pr \
  --display-name="Shared training capacity" \
  --project=acme-ml-prod \
  --region=us-central1 \
  --labels=team=ml-platform,cost-center=research \
  --resource-pool-spec="replica-count=1,min-replica-count=1,max-replica-count=2,machine-type=a2-highgpu-1g,accelerator-type=NVIDIA_TESLA_A100,accelerator-count=1,disk-type=pd-ssd,disk-size=200" \
  --resource-pool-spec="replica-count=4,machine-type=n1-standard-16,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=2,disk-type=pd-ssd,disk-size=100"
