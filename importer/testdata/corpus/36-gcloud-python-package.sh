gcloud ai custom-jobs create \
  --region=us-central1 \
  --display-name=census-sklearn \
  --python-package-uris=gs://acme-ml-packages/census-0.1.0.tar.gz \
  --worker-pool-spec=machine-type=e2-standard-4,replica-count=1,executor-image-uri=us-docker.pkg.dev/vertex-ai/training/sklearn-cpu.1-0:latest,python-module=trainer.task \
  --args=--max-depth=8
