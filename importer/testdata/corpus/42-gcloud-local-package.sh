# gcloud builds the image from ./trainer and pushes it to output-image-uri.
gcloud ai custom-jobs create \
  --region=us-central1 \
  --display-name=autopackaged-trainer \
  --worker-pool-spec="machine-type=n1-standard-4,replica-count=1,executor-image-uri=us-docker.pkg.dev/vertex-ai/training/tf-cpu.2-12.py310:latest,local-package-path=./trainer,script=task.py,requirements=pandas==2.1.0;gcsfs,output-image-uri=us-central1-docker.pkg.dev/acme-ml/training/autopackaged:7"
