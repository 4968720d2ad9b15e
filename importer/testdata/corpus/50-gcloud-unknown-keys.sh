gcloud ai custom-jobs create --region us-central1 --display-name typo-job \
  --worker-pool-spec machine_type=n1-standard-4,replica-count=1,container-image-uri=gcr.io/acme-ml/job:1.0,disk-size=200 \
  --enable-web-acess \
  --display-name="typo-job-$(date +%s)"
