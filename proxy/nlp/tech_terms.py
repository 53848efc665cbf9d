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
clojure cloud conan cloudflare cloudformation cloudfront cloudtrail cloudwatch cmake cobol cockroachdb codebuild
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
pandas parquet patroni perl pgbouncer phoenix php phpunit pi pinecone pinot pip pipenv playwright pnpm podman
polars postgis postgres
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
gson moshi koin hilt logrus luxon dayjs jamba mixtral
""".split())  # (last lines: issue 12 finding 12, products atk6 saw redacted: Java libraries, a pipeline tool, a model,
# assistants; atk7 F5: a GraphQL server, a language, a linter; those that are also first names are products only
# in a technical sentence; atk9 B-L2: a launcher, a CI server, browsers, assistants and models)

# Programming languages (atk11 tester B FP-M2, issue 12), including those named like people ("Pascal", "Ada",
# "Julia", "Crystal", "Nim", "Miranda"): `proxy.nlp.recognizers.PersonFilter.programming_language` reads one as the
# language in a sentence about code (a word of `LANGUAGE_WORDS`, another language, `X-like`), never beside another
# name part or after a person's cue ("Port the parser with Pascal Dupont", "ask Julia"). Lower case, as written
# after `lower()`; one-letter languages ("C", "R", "D") count only as the other language of a sentence.
PROGRAMMING_LANGUAGES = frozenset("""
ada agda algol apl apex awk bash basic boo c c# c++ carbon ceylon chapel clojure cobol coffeescript coq crystal d dart
delphi dhall eiffel elixir elm erlang f# fennel forth fortran gleam go golang groovy hack haskell haxe hy idris io j
janet java javascript joy julia kotlin lean lisp logo lua matlab miranda modula mojo nim nix oberon ocaml octave odin
pascal perl php pony prolog purescript python r racket raku reason rexx roc ruby rust sas scala scheme simula
smalltalk solidity sql swift tcl typescript v vala verilog vhdl wasm webassembly wren zig
""".split())

# Words of a sentence about code that make a language's name the language (`PersonFilter.programming_language`):
# "Port the parser from Pascal to C", "Julia is fast for numerical code once it is compiled", "Ada is still used in
# avionics for its strong typing", "Crystal compiles Ruby-like syntax".
LANGUAGE_WORDS = frozenset("""
port ports ported porting parser parsers compiler compilers compile compiles compiled compiling interpreter
interpreters interpreted transpile transpiles transpiled transpiler bytecode jit llvm jvm gc syntax typing typed
types type-safe dispatch allocate allocates allocation allocations macro macros runtime runtimes stdlib repl
rewrite rewrites rewrote rewritten rewriting code codebase library libraries language languages programming
numerical generics monad monads closures coroutines goroutines concurrency idiomatic semantics bindings ffi
benchmark benchmarked benchmarks solver avionics
""".split())

# AI assistants and models named like people (atk11 tester B FP-L3): `PersonFilter.ai_model` reads one as the model
# in a sentence about prompts, code or documents ("Ask Claude to summarize the design doc", "Claude wrote the first
# draft of the migration script"), never beside another name part or after a greeting ("ask Claude Martin", "Hi
# Claude").
AI_MODELS = frozenset({"claude", "gemini", "gemma", "mistral", "llama", "grok", "copilot"})
AI_WORDS = frozenset("""
prompt prompts prompting summarize summarise summarizes summarises summarized summarised summary draft drafts
generate generates generated llm llms model models api apis tokens token context chatbot hallucinate hallucinates
hallucinated hallucination completion completions doc docs document documents design spec script scripts migration
migrations code codebase pr prs commit commits test tests function functions regex query queries sql refactor
refactored translate translated explain explains explained answer answers answered streaming
""".split())

# Observability tools named like people (atk11 tester B FP-L3): "Loki ingests about 2 TB of logs per day".
LOG_TOOLS = frozenset({"loki", "tempo", "jaeger"})
LOG_WORDS = frozenset("""
logs log ingest ingests ingested ingestion ingesting retention labels label logql traces spans scrape scrapes
streams chunks promtail grafana
""".split())

# Tools, frameworks and products named like people that TECH_TERMS leaves out (atk33: "Our Storm topology drops
# tuples"): `proxy.nlp.fp35` reads one as the tool in a sentence about software only (a word of `TOOL_WORDS` or of
# the sets above, another tool, code), never beside another name part or a person's cue ("Kate Hudson", "ask Otto").
# Kept apart from TECH_TERMS, which other readers take as no name at all.
TOOL_NAMES = frozenset("""
storm dash pig tilt skaffold ivy sbt concourse falco velero rook longhorn vitess kudu impala sqoop oozie zeppelin
redash preact hanami padrino sanic quart starlette alembic jinja mako genshi sphinx spyder thonny numba cython theano
caffe chainer optuna hydra otto juju cobbler foreman katello munin monit graylog logan loggly papertrail lightstep
pyroscope parca nightwatch protractor chai sinon enzyme spock cucumber gauge locust gatling vegeta riak janus dgraph
raven marten dapper hangfire polly serilog nancy avalonia maui uno cordova wails kivy godot bevy tokio actix axum
serde rayon guix buck meson scons kaniko urql sequelize knex jooq sqitch camel mule tyk krakend zuul hystrix nacos
dubbo thrift samza heron nifi kylin doris ignite hazelcast geode infinispan marathon mesos aurora chronos kylo
atlas phoenix quill ember rex mosquitto sonic rocket warp hyper diesel clap celery flask django ruby crystal
jasmine karma mocha hudson jenkins travis nexus harbor vault consul nomad qt mkdocs neo4j zypper
coil seq echo fiber gin zap cobra viper glide fresco retrofit dagger picasso
""".split()) - TECH_TERMS
# Words of a sentence about builds, tests, data pipelines and operations (besides the sets above and
# `proxy.nlp.techwords`'s): "Set up Hudson to run the nightly build", "Write a Jasmine spec for the parser".
TOOL_WORDS = frozenset("""
build builds nightly spec specs test tests testing unit topology topologies tuple tuples job jobs task tasks dag dags
stream streams streaming broker brokers topic topics partition partitions consumer consumers producer producers
node nodes cluster clusters shard shards replica index indexes indices query queries logs log alert alerts metric
metrics trace traces tracing dashboards scrape exporter exporters agent agents daemon install installed installing
upgrade upgraded release version versions changelog config configs yaml yml toml manifest manifests chart charts
helm deploy deploys deployed rollout rollback image images registry package packages dependency plugin plugins
module modules runner runners workflow workflows orchestrator scheduler migration migrations schema schemas
table tables sql cache caching proxy gateway ingress load balancer tls certificate cert certs secret secrets token
tokens endpoint webhook cron crontab script scripts cli command flag flags env variable variables port ports
localhost docker container containers kubernetes k8s terraform ansible linux ubuntu windows macos 5xx 4xx
latency throughput benchmark benchmarks profiler profiling memory heap leak cpu gpu thread threads async queue
""".split())
