gcloud ai custom-jobs create \
  --project=acme-ml-prod --region=us-central1 \
  --display-name=bert-finetune \
  --persistent-resource-id=training-pr \
  --service-account=trainer@acme-ml-prod.iam.gserviceaccount.com \
  --network=projects/123456789012/global/networks/ml-vpc \
  --enable-web-access \
  --labels=team=nlp \
  --kms-key=projects/acme-ml-prod/locations/us-central1/keyRings/ml/cryptoKeys/training \
  --worker-pool-spec=machine-type=a2-highgpu-1g,accelerator-type=NVIDIA_TESLA_A100,container-image-uri=us-central1-docker.pkg.dev/acme-ml-prod/training/bert:1.4.2
