gcloud ai custom-jobs create --region=us-central1 --display-name=mnist \
  --worker-pool-spec=machine-type=n1-standard-4,executor-image-uri=us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-12.py310:latest \
  --python-module=trainer.task \
  --staging-bucket=gs://acme-ml-staging
