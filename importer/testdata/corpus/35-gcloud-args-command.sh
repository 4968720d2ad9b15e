# --command and --args go to every worker pool.
gcloud ai custom-jobs create --region=us-central1 --display-name=bert-pretrain \
  --worker-pool-spec=machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=2,container-image-uri=us-docker.pkg.dev/acme-ml/nlp/bert:1.0.3 \
  --worker-pool-spec=machine-type=n1-standard-8,accelerator-type=NVIDIA_TESLA_T4,accelerator-count=2,replica-count=2,container-image-uri=us-docker.pkg.dev/acme-ml/nlp/bert:1.0.3 \
  --command=python,-m,bert.pretrain \
  --args=--steps=100000 --args=--warmup=10000
