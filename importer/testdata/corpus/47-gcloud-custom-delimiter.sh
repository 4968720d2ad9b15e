# Arguments with commas in them need gcloud's ^DELIM^ form.
gcloud ai custom-jobs create --region=us-central1 --display-name=grid-search \
  --worker-pool-spec=machine-type=n1-standard-8,container-image-uri=us-central1-docker.pkg.dev/acme-ml/training/grid:2.3.0 \
  '--args=^;^--learning-rates=0.1,0.01,0.001;--depths=4,6,8'
