"""Names of software, services, languages and vendors that engineers write in prompts.

spaCy's small English model tags many of them PERSON ("Grafana", "Jira", "Keycloak"), and some are
in the name lists ("Helm", "Rust", "Ruby", "Julia"). The name recognizer treats a word here as a
name only with a name cue ("my name is Ruby") or, for words that are also listed first names
("Ruby", "Julia", "Ray", "Hugo"), when nothing technical surrounds it (see
`proxy.nlp.recognizers.PersonFilter`). Lower case, one word each (multi-word products are listed
by their distinctive words). Add a term when a real prompt of yours is redacted.
"""

from __future__ import annotations

TECH_TERMS = frozenset("""
abap ada adyen aerospike airbyte airflow airtable akamai akka alertmanager algolia alibaba alloydb alpine amplify
amplitude anaconda android angular ansible antd antlr apache apigee appengine appium appsync appveyor arangodb
archlinux argo argocd artifactory asana astro athena atlantis atlassian aurora auth0 autoscaler avro awk aws azure
babel backstage bamboo bash bazel beam beanstalk bedrock bicep bigquery bigtable bitbucket bitnami bitwarden black
blazor bokeh bootstrap boto boto3 brew buildah buildkit buildkite bun bundler bunjs caddy calico capacitor cargo
cassandra celery centos ceph certbot chakra chef chocolatey chrome chromium cilium circleci clang claude clickhouse
clojure cloud cloudflare cloudformation cloudfront cloudtrail cloudwatch cmake cobol cockroachdb codebuild
codecommit codedeploy codepipeline codespaces cognito composer conda confluence confluent consul containerd copilot
coredns cortex cosmos couchbase couchdb crashlytics cron crossplane cuda cudnn cursor cypress dagster dapr dart dask
databricks datadog datagrip dbeaver dbt debian delta deno dependabot django docker dockerhub dramatiq drizzle drone
dropwizard druid duckdb dynamodb dynatrace eks elastic elasticache elasticsearch electron elixir elm emacs ember
entra envoy erlang esbuild eslint etcd eureka excel expo express fargate fastapi fastify fastly fedora figma
filebeat firebase firefox firestore flask flink flow fluentbit fluentd flutter flux flyway fortran freebsd gatsby
gcp gemini gentoo ghidra git gitea github gitlab gitops gke glue golang goodjob google gpt gradle grafana graphite
graphql grpc gunicorn hadoop hapi haproxy harbor harness haskell hasura hbase helm heroku hibernate hive homebrew
honeycomb hudi hugo hyperv iceberg icinga influxdb insomnia intellij ionic istio jaeger jasmine java javascript jax
jekyll jenkins jest jetbrains jetty jira jquery julia jupyter jupyterlab jwt k3s k6 k8s kafka karma karpenter keda
keras keycloak kibana kinesis kong kotlin kubeadm kubeconform kubectl kubeflow kubernetes kustomize lambda langchain
laravel launchdarkly lerna lightgbm lightsail linear linkerd linux liquibase llama llamaindex logstash loki looker
lua macos mailgun mariadb matplotlib maven memcached mercurial metabase micronaut milvus mimir minikube minio
mistral mixpanel mlflow mocha mongo mongodb mongoose mypy mysql nagios nats neo4j neon neovim nestjs netlify netty
newrelic nextjs nexus nginx ninja nix nodejs nomad notion npm numpy nuxt nvidia oauth ocaml octopus okta ollama onnx
openai openapi openresty opensearch openshift openssl opentelemetry opentofu opsgenie oracle otel packer pagerduty
pandas parquet perl phoenix php phpunit pi pinecone pinot pip pipenv playwright pnpm podman polars postgis postgres
postgresql posthog postman powershell prefect presto prettier prisma prometheus protobuf pulsar pulumi puppet
puppeteer pycharm pydantic pyenv pylint pypi pyspark pytest python pytorch qdrant quarkus rabbitmq rails rancher ray
react redis redshift redux remix render renovate rollup rspec rubocop ruby ruff rust rustc sagemaker saltstack sass
scala scikit scipy scylladb selenium sendgrid sentry serverless sidekiq sinatra slack snowflake snyk solr sonarqube
spanner spark spinnaker splunk spring sqlalchemy sqlite sqs storybook strapi streamlit stripe sublime supabase
superset svelte sveltekit swagger swift symfony systemd tableau tailwind tauri teamcity tekton tempo tensorflow
tensorrt terraform terragrunt thanos timescaledb tmux tomcat tornado traefik travis trello trino triton trivy
turbopack twilio typescript ubuntu unity unleash uvicorn vagrant valkey vault vector vercel vertex victoriametrics
vim vite vitest vllm vscode vue vuex wasm weaviate webpack webstorm whisper windows wireshark wordpress xamarin
xcode xgboost yarn yew zabbix zig zipkin zod zookeeper zsh zustand
alexa gemma lombok luigi mockito siri
apollo go harper
alfred bard bing cortana dolly falcon hudson safari
""".split())  # (last lines: issue 12 finding 12, products atk6 saw redacted: Java libraries, a pipeline tool, a model,
# assistants; atk7 F5: a GraphQL server, a language, a linter; those that are also first names are products only
# in a technical sentence; atk9 B-L2: a launcher, a CI server, browsers, assistants and models)
