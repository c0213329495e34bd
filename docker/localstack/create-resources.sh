#!/usr/bin/env bash
# Creates what the infrastructure and application stacks create in AWS, for docker-compose.yml.
set -euo pipefail
aws() { awslocal "$@"; }

aws s3 mb s3://sluice-local-input
aws s3 mb s3://sluice-local-output
dlq_url=$(aws sqs create-queue --queue-name sluice-local-ingest-dlq --query QueueUrl --output text)
dlq_arn=$(aws sqs get-queue-attributes --queue-url "$dlq_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)
queue_url=$(aws sqs create-queue --queue-name sluice-local-ingest \
  --attributes "{\"RedrivePolicy\":\"{\\\"deadLetterTargetArn\\\":\\\"$dlq_arn\\\",\\\"maxReceiveCount\\\":\\\"5\\\"}\"}" \
  --query QueueUrl --output text)
queue_arn=$(aws sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn --query Attributes.QueueArn --output text)
aws s3api put-bucket-notification-configuration --bucket sluice-local-input --notification-configuration \
  "{\"QueueConfigurations\":[{\"QueueArn\":\"$queue_arn\",\"Events\":[\"s3:ObjectCreated:*\"],
    \"Filter\":{\"Key\":{\"FilterRules\":[{\"Name\":\"prefix\",\"Value\":\"incoming/\"},{\"Name\":\"suffix\",\"Value\":\".csv\"}]}}}]}"
# The job as application.yaml defines it: Glue compiles the Scala script, which hands over to the jar.
# Glue is a LocalStack Pro service: on the community image this fails, and the control plane then
# records files and queues runs but cannot start them (readiness shows glue DOWN).
aws glue create-job --name sluice-local-convert --role arn:aws:iam::000000000000:role/sluice-glue \
  --glue-version 5.0 --command Name=glueetl,ScriptLocation=s3://sluice-local-output/assets/SluiceGlueEntry.scala \
  --default-arguments '{"--job-language":"scala","--class":"SluiceGlueEntry","--extra-jars":"s3://sluice-local-output/assets/glue-job.jar"}' \
  || echo "sluice: no Glue in this LocalStack (a Pro service); runs will not start"
echo "sluice: local AWS resources created"
