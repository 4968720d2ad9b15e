# The flags override the config file.
gcloud ai custom-jobs create \
  --region=us-central1 \
  --display-name=forecast-weekly \
  --config=configs/38-config.yaml \
  --network=projects/123456789012/global/networks/ml-vpc \
  --args=--horizon=56
