gcloud beta ai persistent-resources create --persistent-resource-id=mixed-pr --region=us-central1 \
  --config=configs/49-pools.yaml \
  --resource-pool-spec=replica-count=2,machine-type=g2-standard-8,accelerator-type=NVIDIA_L4,accelerator-count=1,local-ssd-count=1 \
  --resource-pool-spec=machine-type=n1-standard-4,replica-count=1,disk-size=200
