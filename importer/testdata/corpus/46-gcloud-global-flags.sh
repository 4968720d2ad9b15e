gcloud --project acme-ml-dev --quiet ai custom-jobs create --format=json \
  --verbosity=error --region=asia-northeast1 --display-name=jp-tokenizer \
  --worker-pool-spec=machine-type=e2-standard-8,container-image-uri=asia-northeast1-docker.pkg.dev/acme-ml-dev/nlp/tokenizer:1.1.0
