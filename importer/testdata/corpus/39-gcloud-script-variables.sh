#!/bin/bash
set -euo pipefail

PROJECT_ID=acme-ml-prod
REGION=us-central1
REPO="us-central1-docker.pkg.dev/${PROJECT_ID}/training"
IMAGE_URI="${REPO}/ranker:${IMAGE_TAG}"
JOB_NAME="ranker_$(date +%Y%m%d_%H%M%S)"

docker build -t "$IMAGE_URI" .
docker push "$IMAGE_URI"

gcloud ai custom-jobs create \
  --project="$PROJECT_ID" \
  --region="$REGION" \
  --display-name="$JOB_NAME" \
  --worker-pool-spec="machine-type=n1-standard-8,replica-count=1,container-image-uri=${IMAGE_URI}" \
  --args="--train-table=${PROJECT_ID}.ranking.train,--epochs=${EPOCHS:-5}"

echo "submitted $JOB_NAME"
