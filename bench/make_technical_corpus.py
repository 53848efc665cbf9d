"""Writes bench/data/technical_prompts.txt: PII-free prompts of the kind engineers send to LLM APIs.

    .venv/bin/python bench/make_technical_corpus.py [--seed 12] [--count 420] [-o FILE]

Templates (code, infra, cloud, CI, dashboards, tickets, logs, error messages, sentence-initial
imperatives) filled from lists of real product, tool, language and service names, versions, file
paths, ids, timestamps and error strings, plus hand-written prompts. Deterministic for a seed.
Nothing here is a person's name, an e-mail address, a phone number, a card, an IP address or any
other value the default policy redacts: every change the proxy makes to these texts is a false
positive. The committed file is this script's output (`--seed 12 --count 420`); the hand-written
held-out set `technical_prompts_holdout.txt` was written before any tuning and is not generated.

    .venv/bin/python bench/make_technical_corpus.py --eponyms [--seed 12] [--count 300]

writes `bench/data/technical_eponyms.txt` instead: terms named after people or after words that are
names (issue 12), in the shapes the name rules must leave alone: an eponym before a technical head noun
("a Kalman filter", "the Pearson correlation"), a possessive eponym ("Conway's law", "Dijkstra's
algorithm"), hyphenated pairs ("Bellman-Ford vs Floyd-Warshall"), lone eponyms after a sentence-initial
imperative ("Compare Kruskal and Prim", "Explain Paxos"), and libraries, optimisers and frameworks with
name-like names ("Use Jackson to serialize the POJO in Spring Boot", "Use Adam with the Xavier
initializer"). The terms were listed from the issue's attack prompts and standard textbooks together with
`proxy/nlp/eponyms.py` (the rule's lists), so this set measures the rule on the terms it knows; terms in
`RULE_ONLY` are in none of the rule's lists (only the head noun after them can save them).

    .venv/bin/python bench/make_technical_corpus.py --logs [--seed 12] [--count 220]

writes `bench/data/technical_logs.txt`: machine-written log lines and file names (issue 12, atk7 findings 4-5):
access logs, HTTP and mail `Date:` headers, klog, git / ctime dates, Go `time.Time`, migration and snapshot
names, dated invoice numbers, month abbreviations in dates; 15 formats the rules were written on and 7 they were
not (nginx and Apache error logs, syslog, Python logging, Postgres, Java, Docker), one line of each in turn.

    .venv/bin/python bench/make_technical_corpus.py --atk10 --seed 1210 --count 180

writes `bench/data/technical_atk10_holdout.txt`: atk10 tester B's M6, L2 and L3 (issue 12) with another seed and
other words than atk10's own sets: month abbreviations in Markdown tables, per-month lists, CSV, percentages,
queries and JSON; German, Polish, Dutch and Romance labels before `:` and weekday ranges (`Mo–Do 9–17 Uhr`);
cities after a preposition in Spanish, Italian, Portuguese and Polish and after a German postal code.

    .venv/bin/python bench/make_technical_corpus.py --atk8 [--seed 12] [--count 330]

writes `bench/data/technical_atk8_fp.txt`: engineering text of atk8 tester B's findings M4, M5 and L1 (issue 12),
one line of each shape in turn: Ruby Logger, Rails, Sidekiq and Puma lines, AWS Lambda START / END / REPORT /
INIT_START / X-Ray lines, ALB, classic ELB and CloudFront access log lines (their client and target addresses are
IP addresses: `bench/pii_fp.py` counts this set's changes other than IP addresses), lists of sizes in code
(`torch.randn(512, 768, 3072)`, `np.zeros((224, 224, 3))`, `resize(1920, 1080, 3)`) and `max` / `min` as the
words at a sentence's end or before an operator (`clamp to the max.`, `x = 2**10-1 is the max`, `min and max`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "technical_prompts.txt"
EPONYMS_OUT = Path(__file__).resolve().parent / "data" / "technical_eponyms.txt"
LOGS_OUT = Path(__file__).resolve().parent / "data" / "technical_logs.txt"
ATK8_OUT = Path(__file__).resolve().parent / "data" / "technical_atk8_fp.txt"
ATK10_OUT = Path(__file__).resolve().parent / "data" / "technical_atk10_holdout.txt"

TOOLS = [
    "Azure", "CUDA", "Jira", "Grafana", "Kubernetes", "Terraform", "Ansible", "Jenkins", "GitLab", "GitHub Actions",
    "CircleCI", "Buildkite", "Argo CD", "Helm", "Prometheus", "Loki", "Tempo", "Datadog", "Splunk", "PagerDuty",
    "Opsgenie", "Sentry", "Kibana", "Elasticsearch", "OpenSearch", "Logstash", "Fluentd", "Fluent Bit", "Vector",
    "Kafka", "RabbitMQ", "NATS", "Pulsar", "Redis", "Valkey", "Memcached", "Postgres", "PostgreSQL", "MySQL",
    "MariaDB", "SQLite", "MongoDB", "Cassandra", "ScyllaDB", "CockroachDB", "DynamoDB", "Snowflake", "BigQuery",
    "Redshift", "Databricks", "Airflow", "Dagster", "Prefect", "Spark", "Flink", "Trino", "Presto", "ClickHouse",
    "Druid", "Superset", "Metabase", "Looker", "Tableau", "dbt", "Docker", "Podman", "containerd", "Nomad",
    "Consul", "Vault", "Packer", "Vagrant", "Pulumi", "Crossplane", "Istio", "Linkerd", "Envoy", "Traefik",
    "Nginx", "HAProxy", "Caddy", "Apache", "Tomcat", "Gunicorn", "Uvicorn", "Celery", "Sidekiq", "Keycloak",
    "Okta", "Auth0", "Cloudflare", "Fastly", "Vercel", "Netlify", "Heroku", "Render", "Fly.io", "OpenShift",
    "Rancher", "Karpenter", "Keda", "Cilium", "Calico", "Flannel", "etcd", "CoreDNS", "Velero", "Harbor",
    "Artifactory", "Nexus", "SonarQube", "Snyk", "Trivy", "Dependabot", "Renovate", "Bazel", "Gradle", "Maven",
    "CMake", "Ninja", "Poetry", "Ruff", "Mypy", "Pytest", "Jest", "Vitest", "Cypress", "Playwright", "Selenium",
    "Storybook", "Webpack", "Vite", "esbuild", "Rollup", "Babel", "ESLint", "Prettier", "Confluence", "Bitbucket",
    "Linear", "Asana", "Trello", "Notion", "Slack", "Figma", "Postman", "Insomnia", "Swagger", "OpenAPI",
    "gRPC", "GraphQL", "Protobuf", "Avro", "Parquet", "Iceberg", "Delta Lake", "Hudi", "Jupyter", "JupyterLab",
    "PyTorch", "TensorFlow", "Keras", "JAX", "ONNX Runtime", "TensorRT", "cuDNN", "Triton", "vLLM", "Ollama",
    "LangChain", "LlamaIndex", "Hugging Face", "MLflow", "Weights & Biases", "Kubeflow", "Ray", "Dask", "Polars",
    "pandas", "NumPy", "SciPy", "scikit-learn", "XGBoost", "LightGBM", "Django", "Flask", "FastAPI", "aiohttp",
    "Rails", "Laravel", "Spring Boot", "Quarkus", "Micronaut", "Express", "NestJS", "Next.js", "Nuxt", "SvelteKit",
    "Remix", "Astro", "React", "Vue", "Angular", "Svelte", "Tailwind", "Bootstrap", "Electron", "Tauri", "Flutter",
    "React Native", "Xcode", "Android Studio", "IntelliJ", "PyCharm", "VS Code", "Neovim", "Emacs", "tmux",
    "Homebrew", "Chocolatey", "Nix", "Debian", "Ubuntu", "Alpine", "Fedora", "Arch Linux", "Windows Server",
    "macOS", "FreeBSD", "systemd", "journald", "cron", "Zabbix", "Nagios", "Icinga", "New Relic", "Dynatrace",
    "Honeycomb", "Jaeger", "Zipkin", "OpenTelemetry", "Thanos", "Mimir", "Cortex", "VictoriaMetrics", "InfluxDB",
    "TimescaleDB", "Graphite", "Stripe", "Twilio", "SendGrid", "Mailgun", "Segment", "Amplitude", "Mixpanel",
    "LaunchDarkly", "Unleash", "Backstage", "Spinnaker", "Tekton", "Drone", "TeamCity", "Bamboo", "Octopus Deploy",
    "Copilot", "Cursor", "Gemini", "Claude", "Mistral", "Llama", "Whisper", "Bedrock", "SageMaker", "Vertex AI",
]
CLOUD = [
    "AWS Lambda", "Amazon S3", "EC2", "EKS", "ECS Fargate", "CloudFront", "CloudWatch", "Route 53", "IAM", "RDS",
    "Aurora", "SQS", "SNS", "Kinesis", "Step Functions", "API Gateway", "Azure Functions", "Azure DevOps", "AKS",
    "Azure Blob Storage", "Cosmos DB", "Entra ID", "Azure Monitor", "App Service", "Key Vault", "GKE", "Cloud Run",
    "Cloud Storage", "Pub/Sub", "Cloud SQL", "Spanner", "Cloud Build", "Artifact Registry", "Compute Engine",
    "Firestore", "Cloud Functions", "Secret Manager", "Lightsail", "Elastic Beanstalk", "CodePipeline",
]
LANGS = ["Python", "Go", "Rust", "Java", "Kotlin", "Scala", "TypeScript", "JavaScript", "C#", "C++", "Ruby", "PHP",
         "Elixir", "Erlang", "Haskell", "Clojure", "Swift", "Dart", "Lua", "Perl", "Bash", "PowerShell", "SQL",
         "R", "Julia", "Zig", "OCaml", "F#", "Groovy", "Terraform HCL"]
VERBS = ["Add", "Write", "Refactor", "Explain", "Summarise", "Summarize", "Fix", "Review", "Rewrite", "Translate",
         "Convert", "Generate", "Document", "Optimise", "Optimize", "Debug", "Port", "Migrate", "Draft", "Outline",
         "Compare", "List", "Describe", "Suggest", "Create", "Update", "Remove", "Rename", "Split", "Merge",
         "Implement",
         "Profile", "Benchmark", "Validate", "Parse", "Mock", "Stub", "Deploy", "Configure", "Harden", "Audit", "Lint",
         "Format", "Simplify", "Extract", "Inline", "Annotate", "Check", "Propose", "Estimate", "Sketch", "Diagnose"]
CLASSES = ["Invoice", "OrderService", "UserRepository", "PaymentGateway", "RetryPolicy", "CacheManager",
           "TokenBucket", "RateLimiter", "EventBus", "ConfigLoader", "HttpClient", "SessionStore", "ReportBuilder",
           "MetricsExporter", "FeatureFlag", "AuditLogger", "BlobUploader", "QueueConsumer", "SchemaRegistry",
           "Scheduler", "LeaderElection", "CircuitBreaker", "Paginator", "PriceCalculator", "TaxRule", "Cart",
           "Shipment", "Warehouse", "Tenant", "Subscription", "WebhookHandler", "Migration0042", "BillingCycle"]
FILES = ["src/main.rs", "app/models/invoice.rb", "cmd/server/main.go", "proxy/app.py", "lib/utils.ts",
         "docker-compose.yml", "Dockerfile", ".github/workflows/ci.yml", "helm/values.yaml", "terraform/main.tf",
         "k8s/deployment.yaml", "package.json", "pyproject.toml", "Cargo.toml", "go.mod", "pom.xml",
         "build.gradle.kts", "Makefile", "nginx.conf", "settings.py", "webpack.config.js", "tsconfig.json",
         "alembic/versions/3f2a_add_index.py", "internal/cache/lru.go", "spec/services/billing_spec.rb",
         "src/components/Header.tsx", "infra/modules/vpc/variables.tf", ".gitlab-ci.yml", "Jenkinsfile",
         "ansible/roles/web/tasks/main.yml", "config/prometheus/rules.yml", "grafana/dashboards/api.json"]
ERRORS = [
    "TypeError: Cannot read properties of undefined (reading 'map')",
    "ModuleNotFoundError: No module named 'yaml'",
    "java.lang.NullPointerException at com.acme.billing.InvoiceService.total(InvoiceService.java:88)",
    "panic: runtime error: index out of range [3] with length 3",
    "error[E0502]: cannot borrow `self.items` as mutable because it is also borrowed as immutable",
    "ERROR 1213 (40001): Deadlock found when trying to get lock; try restarting transaction",
    "psql: error: connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed",
    "CrashLoopBackOff: back-off 5m0s restarting failed container",
    "OOMKilled (exit code 137)",
    "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
    "fatal: refusing to merge unrelated histories",
    "CUDA error: out of memory; tried to allocate 2.00 GiB",
    "RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!",
    "Segmentation fault (core dumped)",
    "ImagePullBackOff: failed to pull image \"registry.internal/api:1.14.2\": not found",
    "AccessDeniedException: User is not authorized to perform: dynamodb:PutItem",
    "Error: Error acquiring the state lock: ConditionalCheckFailedException",
    "npm ERR! code ERESOLVE unable to resolve dependency tree",
    "SSL: CERTIFICATE_VERIFY_FAILED certificate verify failed: unable to get local issuer certificate",
    "KeyError: 'customer_id'",
    "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.",
    "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
    "Unhandled Promise Rejection: AbortError: The operation was aborted.",
    "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly",
    "503 Service Unavailable: upstream connect error or disconnect/reset before headers",
    "Too many open files (os error 24)",
    "E0001: Parsing failed: unexpected token '}' at line 42, column 7",
    "WARN  [main] o.s.b.w.e.tomcat.TomcatWebServer: Tomcat started on port(s): 8080 (http)",
]
VERSIONS = ["1.2.3", "v2.14.0", "3.11.9", "17.0.2", "20.10.24", "1.29", "0.13.1", "4.2 LTS", "22.04", "12.4",
            "2.13.0", "5.0.0-rc.1", "v1.30.2", "8.0.36", "16.3", "3.8.18", "2024.11.1", "9.1", "24.1.2", "1.76.0"]
TICKETS = ["PROJ-1423", "OPS-88", "INFRA-2071", "BUG-5519", "SEC-312", "PLAT-940", "DATA-77", "API-1204",
           "MOB-231", "WEB-6620", "CORE-19", "SRE-4410", "#4821", "!1337", "PR #902", "issue 7713"]
METRICS = ["p99 latency", "error rate", "CPU throttling", "heap usage", "GC pause time", "queue depth",
           "consumer lag", "cache hit ratio", "5xx rate", "cold start time", "disk IOPS", "connection pool usage",
           "request rate", "tail latency", "replication lag", "pod restarts"]
NUMBERS = ["404", "500", "8080", "443", "6379", "5432", "1733212800", "1701388800123", "0x7ffd5f3c",
           "9f86d081884c", "3000", "65536", "2147483647", "1024", "0.0.0.0", "127.0.0.1", "255",
           "123456789012", "4294967295", "20241203", "600", "86400", "18446744073709551615"]
WINDOWS = ["last night", "since the 14:00 deploy", "after the upgrade", "on Mondays", "during the nightly batch",
           "in the eu-west-1 region", "in us-east-1", "on the staging cluster", "in production", "since Tuesday",
           "at 03:00 UTC", "for about 20 minutes", "every few hours", "after the failover"]

TEMPLATES = [
    "{verb} a unit test for the {cls} class in {file}.",
    "{verb} RFC 9110 section 15 in five bullet points for the {tool} team.",
    "{verb} this {lang} function so it does not allocate in the hot loop.",
    "{verb} the {cls} module to use dependency injection instead of globals.",
    "{verb} the README section that explains how to run {tool} locally.",
    "{verb} the migration from {tool} to {tool2} in a short plan with risks.",
    "Our {tool} dashboard shows the {metric} spiking {window}. What should I check first?",
    "How do I configure {tool} to scrape metrics from {cloud}?",
    "Why does {tool} {version} fail with \"{error}\"?",
    "I get \"{error}\" when I run the {tool} job in CI. How do I fix it?",
    "Write a {lang} script that reads {file} and prints the keys that differ from the defaults.",
    "Convert this {lang} snippet to {lang2} and keep the error handling: "
    "`def total(items): return sum(i.price for i in items)`",
    "Explain the difference between {tool} and {tool2} for a team of six backend engineers.",
    "Compare {cloud} and {cloud2} for a workload with bursty traffic and a 200 ms SLO.",
    "Draft a {tool} alert rule that fires when the {metric} stays above 5% for 10 minutes.",
    "Summarise ticket {ticket}: the {tool} exporter drops samples {window}.",
    "{ticket}: {tool} upgrade to {version} breaks the {cls} integration. Suggest a rollback plan.",
    "Close {ticket} as a duplicate of {ticket2}? Both mention \"{error}\".",
    "Write a Jira ticket for upgrading {tool} from {version} to {version2}, with acceptance criteria.",
    "In {file}, the {cls} constructor takes nine arguments. Propose a builder pattern in {lang}.",
    "Generate a {tool} config that runs {lang} tests on every pull request and caches dependencies.",
    "Is it safe to bump {tool} to {version} if we still run {tool2} {version2}?",
    "Review this diff for {file} and point out race conditions in {cls}.",
    "Set up {tool} with {cloud} so that secrets come from a vault, not environment variables.",
    "Our {cloud} bill doubled {window}. Which {tool} queries help find the cause?",
    "Log line: `{error}` — what does it mean and is it related to {tool}?",
    "Port {numeric} is already in use when {tool} starts. How do I find the process on Linux?",
    "The {tool} pod restarts with exit code 137 {window}. How do I tell whether it is the memory limit?",
    "Explain what `{tool} --dry-run` does and whether it talks to {cloud}.",
    "Add retries with exponential backoff to the {cls} client in {lang}; cap it at 5 attempts.",
    "Add a {tool} panel that shows {metric} per endpoint, grouped by status code.",
    "Add type hints to {file} and make it pass mypy --strict.",
    "Summarize the changelog of {tool} {version} for our release notes.",
    "Summarise the incident: {tool} lost quorum {window} and {cloud} retried for 12 minutes.",
    "Refactor {cls}.apply() so it returns a new object instead of mutating self.",
    "What is the {lang} equivalent of {lang2}'s `defer` statement?",
    "Which {tool} version added support for {tool2}? We are on {version}.",
    "Rename the {cls} field `amt` to `amount` across {file} and its tests.",
    "Migrate our {tool} pipelines to {tool2}; we have 40 jobs and 3 shared libraries.",
    "Benchmark {tool} against {tool2} for 10k writes per second with {numeric} byte payloads.",
    "Translate this {tool} query into SQL: `sum by (route) (rate(http_requests_total[5m]))`",
    "Document the {cls} API with examples in {lang}, using the {tool} doc style.",
    "Check whether {tool} {version} is affected by the OpenSSL advisory from last week.",
    "Create a {tool} runbook for when {metric} crosses the SLO {window}.",
    "Deploy {tool} on {cloud} with Terraform; keep state in a bucket with locking.",
    "Profile the {cls} hot path: flame graph shows 40% in JSON parsing under {lang} {version}.",
    "Mock {cloud} in the tests for {cls} so CI does not need credentials.",
    "Explain this stack trace from {tool}:\n{error}\n  at {cls}.run({file}:{numeric})",
    "What does HTTP {numeric} from {tool} mean when it sits behind {tool2}?",
    "Outline a design doc for moving {cls} from {tool} to {cloud}.",
    "Estimate how many {tool} nodes we need for {numeric} requests per second at p99 under 50 ms.",
    "Please {lverb} the {cls} tests; they are flaky on {tool} runners {window}.",
    "Can you {lverb} this {lang} code? It times out on {cloud} after {numeric} ms.",
    "Build {numeric} failed on {tool}: \"{error}\". Last green build was {version}.",
    "Grafana shows a gap in {metric} {window}; {tool} logs say \"{error}\".",
    "Azure DevOps pipeline for {lang}: cache the packages, run the tests, publish to {tool}.",
    "CUDA {version} with {tool}: which driver do I need on Ubuntu 22.04?",
    "Jira query to list all {ticket} subtasks still open in the {tool} project.",
    "Sprint retro notes: {tool} upgrade slipped, {cls} refactor done, {metric} improved by 30%.",
    "Standup: yesterday I fixed {ticket}; today I am looking at {tool} {metric}; blocked on {cloud} quotas.",
    "Kubernetes: how do I set resource requests for {tool} so it stops being OOMKilled?",
    "Terraform plan wants to replace the {cloud} resource after a provider upgrade to {version}. Why?",
    "Helm chart for {tool}: how do I override `image.tag` to {version} per environment?",
    "Explain how {tool} handles backpressure compared to {tool2}.",
    "Write a commit message for: bump {tool} to {version}, fix {cls} timeout, update {file}.",
    "Give me a regex that matches {ticket}-style ticket ids in commit messages.",
    "Optimize this SQL for {tool}: SELECT * FROM orders WHERE created_at > now() - interval '7 days';",
    "Generate OpenAPI docs for the {cls} endpoints and validate them with {tool}.",
    "The {tool} exporter reports {numeric} for `process_open_fds`; is that a leak?",
    "Debug: {lang} service on {cloud} returns 502 {window} but {tool} shows healthy targets.",
    "Implement {cls} in {lang} with an LRU eviction policy and a TTL per entry.",
    "Sketch the architecture: {tool} for ingestion, {tool2} for storage, {cloud} for compute.",
    "Diagnose why {tool} reports \"{error}\" only on ARM nodes.",
    "Validate this {tool} YAML and tell me which keys are deprecated in {version}.",
]

HANDWRITTEN = [
    "Add a unit test for the Invoice class that covers a zero-amount line item.",
    "Summarise RFC 9110 in ten bullet points for a junior backend developer.",
    "Fix the flaky test in test_scheduler.py; it fails about one run in twenty on CI.",
    "Explain what a Kubernetes PodDisruptionBudget does, with an example manifest.",
    "Write a GitHub Actions workflow that runs ruff, mypy and pytest on Python 3.11 and 3.12.",
    "Our Grafana alert for disk usage fires every night at 02:00 because of the backup job. "
    "How do I silence it properly?",
    "What is the difference between CUDA cores and Tensor Cores on an H100?",
    "Convert this Jenkinsfile to a GitLab CI pipeline with the same stages: build, test, package, deploy.",
    "Azure Functions cold starts take 8 seconds with the Python runtime. Any tips?",
    "Write a Bash one-liner that finds the 10 largest files under /var/log.",
    "Explain the CAP theorem using Cassandra and Postgres as examples.",
    "Draft release notes for version 4.2.0: new export API, faster search, dropped Python 3.8 support.",
    "Why does `git rebase -i HEAD~5` show commits I did not write?",
    "Generate a docker-compose.yml with Postgres 16, Redis 7 and a FastAPI service.",
    "Is it better to use a BRIN or a B-tree index for an append-only events table?",
    "Review this Terraform: the S3 bucket policy allows s3:* to the whole account.",
    "Summarize the Kafka consumer group rebalancing protocol, cooperative vs eager.",
    "Write a Prometheus recording rule for the 5-minute error ratio per service.",
    "Explain why my React component re-renders on every keystroke even with useMemo.",
    "Translate these Spanish UI strings to English and keep the placeholders like {count} intact.",
    "Create a Python dataclass for an order with id, items, total and currency, plus JSON round-trip.",
    "The Nginx access log shows many 499 codes. What does that mean?",
    "Write a SQL query that returns the top 5 products by revenue per month in 2024.",
    "Explain how Rust lifetimes work with a struct that holds a string slice.",
    "What does `kubectl rollout undo deployment/api --to-revision=3` do exactly?",
    "Suggest names for a CLI tool that syncs Jira tickets with Linear issues.",
    "Please rewrite this paragraph of our design doc so it is shorter and clearer.",
    "Outline a postmortem for the outage: a bad config push disabled the load balancer health checks.",
    "How do I pin CUDA 12.4 and cuDNN 9 in a Dockerfile based on Ubuntu 22.04?",
    "Write a Go HTTP middleware that adds a request id header and logs the latency.",
    "What's the idiomatic way to cancel a goroutine that reads from a channel?",
    "Refactor this Java method that has four nested if statements into guard clauses.",
    "Explain the output of EXPLAIN ANALYZE: Seq Scan on orders (cost=0.00..4531.00 rows=100000).",
    "Document the environment variables our service reads: DATABASE_URL, REDIS_URL, LOG_LEVEL, FEATURE_FLAGS.",
    "Give me a checklist for upgrading a Django project from 4.2 to 5.1.",
    "Write a Helm values file for three replicas, a PodAntiAffinity rule and a 512Mi memory limit.",
    "Explain what OOMKilled means and how it relates to cgroup memory limits.",
    "How should I structure a monorepo with a Next.js frontend, a Go API and shared protobuf definitions?",
    "Suggest a Grafana dashboard layout for an API: traffic, errors, latency, saturation.",
    "Write a pytest fixture that starts a temporary Redis server and yields a client.",
    "Why does Python's asyncio.gather swallow exceptions unless return_exceptions is set?",
    "Compare Celery and Dramatiq for background jobs in a Flask app.",
    "Summarise the attached Datadog monitor config and tell me which thresholds look wrong.",
    "Implement a token bucket rate limiter in TypeScript with a refill rate per second.",
    "What does the Azure error AuthorizationFailed with scope /subscriptions/... usually mean?",
    "Write an Ansible task that installs Nginx, copies nginx.conf and restarts the service if it changed.",
    "Optimise this NumPy code that loops over rows to compute pairwise distances.",
    "Explain the PostgreSQL error: duplicate key value violates unique constraint \"orders_pkey\".",
    "Add OpenTelemetry tracing to our FastAPI app and export spans to Jaeger.",
    "Which Jira JQL finds bugs created in the last 7 days with priority Highest?",
    "Describe how Vault's dynamic database credentials work with Postgres.",
    "Write a CMakeLists.txt for a C++20 project with GoogleTest.",
    "Create a Makefile target that builds the Docker image and tags it with the git SHA.",
    "Why is my Spark job spending most of its time in shuffle read?",
    "Explain the difference between a Kubernetes Service of type ClusterIP, NodePort and LoadBalancer.",
    "Propose a naming convention for our Terraform modules and workspaces.",
    "Write a Rust function that parses `key=value` pairs from a config line, returning a Result.",
    "Help me understand this Sentry issue: ZeroDivisionError in compute_ratio, 3,412 events in 24h.",
    "Summarize the pros and cons of trunk-based development for a team of 12.",
    "Refactor the OrderService so the tax calculation lives in its own TaxCalculator class.",
    "Generate test data for an orders table: 100 rows with random amounts and statuses.",
    "Explain CORS preflight requests and why my PUT call from localhost:3000 fails.",
    "Set up Dependabot for npm and pip in the same repository, weekly, grouped by ecosystem.",
    "What is the recommended way to store secrets for GitHub Actions that deploy to AWS?",
    "Write a jq filter that extracts .items[].metadata.name from kubectl get pods -o json.",
    "The build on Buildkite takes 42 minutes; where should I start caching?",
    "Explain how Kafka's exactly-once semantics work with idempotent producers and transactions.",
    "Describe the trade-offs of gRPC versus REST for internal service calls.",
    "Write a CloudWatch Logs Insights query for the 20 slowest Lambda invocations today.",
    "Make this Dockerfile smaller: it uses python:3.12 and installs build-essential.",
    "Lint this YAML; kubectl says error converting YAML to JSON: mapping values are not allowed here.",
    "Estimate the cost of running three m6i.xlarge instances on demand for a month.",
    "Diagnose: Celery workers stop consuming after Redis restarts, no errors in the logs.",
    "Explain what the Linux OOM killer's oom_score_adj does.",
    "Write a PowerShell script that lists services set to start automatically but not running.",
    "Create a Confluence page outline for our on-call handbook.",
    "Sketch a data model for feature flags with per-tenant overrides.",
    "Check this regex for catastrophic backtracking: ^(a+)+$",
    "How do I make Vite proxy /api to a backend on port 8000 during development?",
    # issue 12, a README-only attack: number sequences, constants, lists of ids, logins on hosts, network prefixes
    "Primes: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47",
    "Powers of two: 1 2 4 8 16 32 64 128 256 512 1024 2048 4096",
    "Squares: 1 4 9 16 25 36 49 64 81 100 121 144 169 196 225",
    "Triangular numbers 1 3 6 10 15 21 28 36 45 55 66 78 91 105",
    "Fibonacci: 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987",
    "Output of seq: 100 200 300 400 500 600 700 800 900",
    "Batch sizes tried: 256 512 1024, learning rates 3e-4 1e-3.",
    "The histogram bins were 212 555 1234 and 9876 counts.",
    "IDs 212 555 0143 were retried after the timeout.",
    "Order ids: 212-555-01, 212-555-02",
    "Hash ring with 2^32 = 4294967296 slots.",
    "Max int64 is 9223372036854775807 and max uint32 is 4294967295.",
    "Pi is 3.14159265358979 and e is 2.718281828459045.",
    "Mark Sweep and Cheney are GC algorithms; compare them with mark-compact.",
    "Why does git log --author=alice show nothing after the rebase?",
    "git clone git@github.com:org/repo.git fails with permission denied (publickey).",
    "ssh ubuntu@ec2-3-91-12-34.compute-1.amazonaws.com hangs after the key exchange.",
    "scp dist.tar.gz deploy@build-01.corp.example:/srv/releases/ asks for a password every time.",
    "Split CIDR 10.0.0.0/8 into /16 subnets and explain 192.168.0.0/16.",
    "Use the 2001:db8::/32 documentation prefix in the IPv6 examples.",
]


# --------------------------------------------------------------------------- eponyms (issue 12)

# Eponym + head noun: the head noun says what the name is.
HEADED = [
    "Kalman filter", "Bloom filter", "Levenshtein distance", "Hamming distance", "Jaccard index",
    "Pearson correlation", "Spearman correlation", "Poisson distribution", "Gaussian distribution",
    "Weibull distribution", "Fourier transform",
    "Laplace transform", "Huffman coding", "Fenwick tree", "Merkle tree", "Bezier curve", "Hilbert curve",
    "Voronoi diagram", "Delaunay triangulation", "Markov chain", "Fibonacci heap", "Fibonacci sequence",
    "Cholesky decomposition", "Lamport clocks", "Xavier initializer", "Glorot initialization", "Nesterov momentum",
    "Bernoulli distribution", "Dirichlet process", "Kolmogorov complexity", "Shannon entropy", "Turing machine",
    "Euler method", "Lagrange multiplier", "Hessian matrix", "Jacobian matrix", "Bessel function", "Chebyshev distance",
    "Minkowski distance", "Mahalanobis distance", "Wilcoxon test", "Huber loss", "Bayes classifier",
    "Viterbi algorithm", "Luhn algorithm", "Strassen algorithm", "Karatsuba multiplication", "Knuth shuffle",
    "Hamming code", "Nyquist frequency", "Pareto distribution", "Zipf distribution", "Gumbel distribution",
    "Adam optimizer", "Moore machine", "Gray code", "Hopfield network", "Boltzmann machine", "Kohonen map",
    "Taylor series", "Newton method", "Kendall tau", "Fisher information", "Student distribution",
]
# In none of the rule's lists (proxy/nlp/eponyms.py): only the head noun after them tells.
RULE_ONLY = [
    "Radon transform", "Prewitt operator", "Gini coefficient", "Wald test", "Hoeffding inequality", "Jensen inequality",
    "Ziggurat algorithm", "Welzl algorithm", "Cuthill algorithm", "Christofides algorithm", "Kuwahara filter",
    "Gabor filter", "Barnes-Hut algorithm", "Verlet integration", "Catmull-Rom spline", "Lloyd algorithm",
]
POSSESSIVE = [
    "Dijkstra's algorithm", "Amdahl's law", "Conway's law", "Brooks's law", "Hofstadter's law", "Goodhart's law",
    "Little's law", "Moore's law", "Murphy's law", "Postel's law", "Hyrum's law", "Zipf's law", "Benford's law",
    "Metcalfe's law", "Kerckhoffs's principle", "Bayes' theorem", "Cohen's kappa", "Pascal's triangle",
    "Occam's razor", "Newton's method", "Simpson's paradox", "Tarjan's algorithm", "Prim's algorithm",
    "Kruskal's algorithm", "Kahn's algorithm", "Peterson's algorithm", "Dekker's algorithm", "Gustafson's law",
    "Fitts's law", "Parkinson's law", "Euler's formula", "Stirling's formula", "Cramer's rule", "Bellman's principle",
]
PAIRS = [
    "Bellman-Ford", "Floyd-Warshall", "Boyer-Moore", "Rabin-Karp", "Fisher-Yates", "Gauss-Seidel", "Gauss-Jordan",
    "Edmonds-Karp", "Ford-Fulkerson", "Knuth-Morris-Pratt", "Aho-Corasick", "Reed-Solomon", "Lempel-Ziv",
    "Diffie-Hellman", "Black-Scholes", "Kolmogorov-Smirnov", "Mann-Whitney", "Kruskal-Wallis",
    "Levenberg-Marquardt", "Runge-Kutta", "Damerau-Levenshtein", "Jaro-Winkler", "Cooley-Tukey", "Moore-Penrose",
    "Newton-Raphson", "Shapiro-Wilk", "Durbin-Watson", "Hopcroft-Karp", "Bron-Kerbosch", "Cauchy-Schwarz",
]
LONE = ["Paxos", "Raft", "Kruskal", "Prim", "Dijkstra", "Levenshtein", "Huffman", "Lamport", "Tarjan", "Kosaraju",
        "Karatsuba", "Strassen", "Viterbi", "Liskov", "Bellman-Ford", "Floyd-Warshall", "Boyer-Moore", "Rabin-Karp",
        "Aho-Corasick", "Knuth-Morris-Pratt"]
PAIR_HEADS = ["algorithm", "inequality", "method", "test", "shuffle", "search", "elimination", "iteration", "code",
              "distance", "transform", "pseudoinverse", "key exchange", "model"]
# Libraries, optimisers and frameworks that are (or look like) people's names.
LIBS = [
    ("Jackson", "serialize the POJO"), ("Jackson", "deserialize this JSON into a record"),
    ("Adam", "train the classifier"), ("Adam", "fine-tune the embeddings"), ("Hikari", "pool Postgres connections"),
    ("Picasso", "load the thumbnails"), ("Glide", "cache the images"), ("Timber", "log from the Android app"),
    ("Moshi", "parse the JSON"), ("Dagger", "inject the repository"), ("Hilt", "inject the view model"),
    ("Jasmine", "test the Angular service"), ("Mockito", "mock the repository"), ("Lombok", "generate the getters"),
    ("Jersey", "expose the REST resource"), ("Jetty", "embed the HTTP server"), ("Hugo", "build the docs site"),
    ("Jekyll", "build the blog"), ("Sphinx", "build the API docs"), ("Pillow", "resize the images"),
    ("Marshmallow", "validate the payload"), ("Seaborn", "plot the distribution"), ("Bokeh", "plot the metrics"),
    ("Celery", "run the nightly export"), ("Ruby", "parse the CSV"), ("Julia", "solve the ODE"),
]
FRAMEWORKS = ["Spring Boot", "Android", "Django", "Flask", "Micronaut", "Quarkus", "Angular", "Rails", "FastAPI"]
TOPICS = ["minimum spanning trees", "shortest paths", "consensus", "string matching", "graph traversal",
          "edit distance", "distributed logs", "cycle detection", "our routing service", "the scheduler"]
IMPERATIVES = ["Compare", "Explain", "Describe", "Implement", "Use", "Prove", "Apply", "Derive", "Show", "Summarise",
               "Contrast", "Benchmark", "Visualise", "Code", "Port", "Optimise", "Test", "Review", "Teach", "Let"]
EPONYM_TEMPLATES = [
    ("headed", "{imp} a {headed} in {lang}."),
    ("headed", "How do I tune the {headed} for noisy sensor data?"),
    ("headed", "Why does the {headed} give NaN for empty inputs in {tool}?"),
    ("headed", "{headed} vs {headed2}: which one should I use here?"),
    ("headed", "{imp} the {headed} and give a {lang} implementation."),
    ("headed", "Write a unit test for our {headed} helper in {file}."),
    ("rule_only", "{imp} the {rule_only} in {lang}."),
    ("rule_only", "Is the {rule_only} in {tool} numerically stable?"),
    ("possessive", "{imp} {possessive} with an example."),
    ("possessive", "How does {possessive} apply to {topic}?"),
    ("possessive", "{imp} {possessive} and {possessive2}."),
    ("possessive", "Write a {lang} function for {possessive}."),
    ("pair", "{imp} {pair} vs {pair2}."),
    ("pair", "{imp} the {pair} {pair_head} in {lang}."),
    ("pair", "When is {pair} faster than {pair2} for {topic}?"),
    ("pair", "Does {tool} ship a {pair} {pair_head}?"),
    ("lone", "{imp} {lone} and {lone2} for {topic}."),
    ("lone", "{imp} {lone} in {lang} with tests."),
    ("lone", "Why is {lone} preferred over {lone2} for {topic}?"),
    ("lone", "{imp} {lone} vs {lone2}."),
    ("lib", "Use {lib} to {task} in {framework}."),
    ("lib", "{imp} how {lib} is configured to {task}."),
    ("lib", "Why does {lib} fail to {task} after the {framework} upgrade to {version}?"),
    ("optim", "Use Adam with beta1=0.9 and the Xavier initializer."),
    ("optim", "Train with Adam at lr={lr} and a {headed} on the logits."),
    ("optim", "Switch from SGD to Adam and use Xavier initialization for the {lang} model."),
]


def fill_eponym(template: str, rng: random.Random, pools: dict[str, list[str]]) -> str:
    """The template with its fields drawn from `pools`, no value twice; a library comes with its task."""
    chosen: dict[str, str] = {}

    def pick(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in ("lib", "task"):
            if "lib" not in chosen:
                chosen["lib"], chosen["task"] = rng.choice(LIBS)
            return chosen[key]
        while True:
            value = rng.choice(pools[key])
            if value not in chosen.values():
                chosen[key] = value
                return value

    return re.sub(r"\{(\w+)\}", pick, template)


def generate_eponyms(seed: int, count: int) -> list[str]:
    """Seeded prompts of the eponym classes above (at most `count`, no duplicates)."""
    rng = random.Random(seed)
    pools = {"headed": HEADED, "headed2": HEADED, "rule_only": RULE_ONLY, "possessive": POSSESSIVE,
             "possessive2": POSSESSIVE, "pair": PAIRS, "pair2": PAIRS, "pair_head": PAIR_HEADS, "lone": LONE,
             "lone2": LONE, "topic": TOPICS, "imp": IMPERATIVES, "lang": LANGS, "tool": TOOLS, "file": FILES,
             "framework": FRAMEWORKS, "version": VERSIONS, "lr": ["3e-4", "1e-3", "0.001", "5e-5"]}
    out: list[str] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < count and tries < count * 50:
        tries += 1
        _, template = EPONYM_TEMPLATES[tries % len(EPONYM_TEMPLATES)]
        text = fill_eponym(template, rng, pools)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def fill(template: str, rng: random.Random) -> str:
    def pick(pool: list[str], key: str, seen: dict[str, str]) -> str:
        while True:
            value = rng.choice(pool)
            if value not in seen.values() or len(pool) < 3:
                seen[key] = value
                return value

    seen: dict[str, str] = {}
    pools = {"tool": TOOLS, "tool2": TOOLS, "cloud": CLOUD, "cloud2": CLOUD, "lang": LANGS, "lang2": LANGS,
             "verb": VERBS, "lverb": [v.lower() for v in VERBS], "cls": CLASSES, "file": FILES, "error": ERRORS,
             "version": VERSIONS, "version2": VERSIONS, "ticket": TICKETS, "ticket2": TICKETS, "metric": METRICS,
             "numeric": NUMBERS, "window": WINDOWS}
    return re.sub(r"\{(\w+)\}", lambda m: pick(pools[m.group(1)], m.group(1), seen), template)


def generate(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = list(HANDWRITTEN)
    seen = set(out)
    while len(out) < count:
        text = fill(rng.choice(TEMPLATES), rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


# --------------------------------------------------------------------------- machine-written logs (issue 12)

_MONTH_ABBRS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_WEEKDAY_ABBRS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def log_lines(rng: random.Random) -> list[str]:
    """One line of each log format of atk7 finding 4 and of the numbers of finding 5 (issue 12), seeded: access
    logs (status and size after the request line), HTTP / RFC 2822 `Date:` headers, klog (microseconds and a thread
    id), git / ctime dates (`SS YYYY -ZZZZ`), Go `time.Time` with its monotonic reading, migration and snapshot
    names that start with a date, dated invoice numbers, month abbreviations in prose dates; and formats the rules
    were not written on (nginx error log, syslog, Apache error log, Python logging, Postgres, Java, Docker)."""
    n, pick = rng.randint, rng.choice
    mon, day = pick(_MONTH_ABBRS), pick(_WEEKDAY_ABBRS)
    hms = f"{n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}"
    year, zone = pick([2023, 2024, 2025]), pick(["+0000", "-0700", "+0200", "+0530", "-0500"])
    mm, dd = n(1, 12), n(1, 28)
    ymd = f"{year}-{mm:02d}-{dd:02d}"
    path = pick([f"/api/v1/items/{n(1, 999)}", "/index.html", "/healthz", "/upload", f"/v2/jobs?page={n(1, 9)}"])
    status = pick([200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 413, 500, 502, 503])
    host = pick([f"web-{n(1, 9)}", f"app-{n(0, 9)}.{n(1, 9)}", "localhost", f"edge-{n(1, 9)}"])
    method, proto = pick(["GET", "POST", "PUT"]), pick(["1.0", "1.1", "2.0"])
    agent = pick(["curl/8.4.0", "Mozilla/5.0"])
    source = pick(["server.go", "reflector.go", "controller.go"])
    message = pick(["handled request", "Failed to watch *v1.Pod", "syncing"])
    label = pick(["Date:  ", "last_modified:", f"Merge pull request #{n(100, 9999)} on"])
    table = pick(["orders", "users", "jobs"])
    return [
        f'{host} - - [{dd:02d}/{mon}/{year}:{hms} {zone}] "{method} {path} HTTP/{proto}" {status} {n(100, 99999)} '
        f'"-" "{agent}"',
        f'"{pick(["GET", "DELETE"])} {path} HTTP/1.1" {status} {n(100, 99999)}',
        f"Date: {day}, {dd:02d} {mon} {year} {hms} GMT",
        f"Received: from mx.example.org by mail.example.org; {day}, {dd:02d} {mon} {year} {hms} {zone}",
        f'"created": "{day}, {dd:02d} {mon} {year} {hms} GMT"',
        f"{pick('IWE')}{mm:02d}{dd:02d} {hms}.{n(0, 999999):06d} {n(1, 99999):>7} {source}:{n(10, 999)}] {message}",
        f"{label} {day} {mon} {dd} {hms} {year} {zone}",
        f"{ymd} {hms}.{n(0, 999):03d} {zone} UTC m=+{n(0, 99)}.{n(0, 999999999):09d}",
        f"In the migration {year}{mm:02d}{dd:02d}_{n(0, 23):02d}{n(0, 59):02d}_add_index.py we add an index.",
        f"Files: {year}_{mm:02d}_{dd:02d}_{n(0, 235959):06d}_create_{table}_table.php",
        f"snapshot_{year}{mm:02d}{dd:02d}{n(0, 23):02d}{n(0, 59):02d} was taken before the upgrade.",
        f"Invoice {year}-{mm:02d}-{n(1, 9999):04d} total {n(1, 9)},{n(100, 999)}.50 EUR due {ymd}",
        f"{pick(['Due:', 'Created', 'Shipped on'])} {dd:02d} {mon} {year}",
        f"Stats for {mon} {year}: {n(1, 99)},{n(100, 999)} signups.",
        f"Report for Q{n(1, 4)} ({pick(_MONTH_ABBRS)}-{mon} {year}) is attached.",
        # formats the rules were not written on
        f"{year}/{mm:02d}/{dd:02d} {hms} [error] {n(1000, 99999)}#{n(1000, 99999)}: *{n(1, 999999)} connect() failed",
        f"{mon} {dd:>2} {hms} {host} sshd[{n(1000, 99999)}]: Accepted publickey for deploy port {n(1024, 65535)}",
        f"[{day} {mon} {dd:02d} {hms}.{n(0, 999999):06d} {year}] [core:error] [pid {n(1000, 99999)}:tid "
        f"{n(10**14, 10**15)}]",
        f"{ymd} {hms},{n(0, 999):03d} - INFO - worker {n(1, 64)} done in {n(1, 9999)} ms",
        f"{ymd} {hms}.{n(0, 999):03d} UTC [{n(1000, 99999)}] LOG:  checkpoint complete",
        f"{dd:02d}-{mon}-{year} {hms}.{n(0, 999):03d} INFO [main] org.apache.catalina.startup.Catalina.start",
        f"{ymd}T{hms}.{n(0, 999999999):09d}Z stdout F listening on :{n(1024, 65535)}",
    ]


def generate_logs(seed: int, count: int) -> list[str]:
    """Seeded log lines (`log_lines`), at most `count`, no duplicates."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        for text in log_lines(rng):
            if text not in seen and len(out) < count:
                seen.add(text)
                out.append(text)
    return out


# --------------------------------------------------------------------------- atk8 M4/M5/L1 (issue 12)

_DIMS = [3, 16, 32, 64, 96, 128, 192, 224, 256, 320, 384, 480, 512, 640, 720, 768, 1024, 1080, 1280, 1536, 1920,
         2048, 3072, 4096, 5120, 8192, 11008, 14336]
_LAMBDA_MEMORY = [128, 256, 512, 1024, 1536, 2048, 3008, 4096, 10240]


def _uuid(rng: random.Random) -> str:
    h = lambda k: "".join(rng.choice("0123456789abcdef") for _ in range(k))  # noqa: E731
    return f"{h(8)}-{h(4)}-{h(4)}-{h(4)}-{h(12)}"


def atk8_lines(rng: random.Random) -> list[str]:
    """One line of each shape of atk8 tester B's M4, M5 and L1 (issue 12), seeded: Ruby / Rails logs, AWS Lambda,
    ALB / ELB / CloudFront access logs, size lists in code, `max` and `min` as the words."""
    n, pick = rng.randint, rng.choice
    hex_ = lambda k: "".join(pick("0123456789abcdef") for _ in range(k))  # noqa: E731
    year, mm, dd = pick([2023, 2024, 2025]), n(1, 12), n(1, 28)
    hms = f"{n(0, 23):02d}:{n(0, 59):02d}:{n(0, 59):02d}"
    iso = f"{year}-{mm:02d}-{dd:02d}T{hms}"
    pid, ms = n(1000, 99999), n(1, 999)
    level = pick([("I", "INFO"), ("D", "DEBUG"), ("W", "WARN"), ("E", "ERROR")])
    path = pick(["/users/42", "/api/v1/orders", "/health", f"/posts/{n(1, 9999)}", "/login"])
    status = pick([200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 422, 500, 502, 503])
    dur, billed, mem = round(rng.uniform(0.5, 9000), 2), 0, pick(_LAMBDA_MEMORY)
    billed = int(dur) + 1
    client = f"192.0.2.{n(1, 254)}:{n(1024, 65535)}"
    target = f"10.0.{n(0, 9)}.{n(1, 254)}:{pick([80, 443, 8080, 3000])}"
    t3 = lambda: f"{rng.uniform(0, 2):.3f}"  # noqa: E731
    t6 = lambda: f"{rng.uniform(0, 2):.6f}"  # noqa: E731
    dims = lambda k: ", ".join(str(pick(_DIMS)) for _ in range(k))  # noqa: E731
    fn = pick(["torch.randn", "torch.zeros", "torch.ones", "torch.empty", "np.zeros", "np.ones", "np.random.rand",
               "jnp.zeros", "tf.zeros"])
    word = pick(["max", "min"])
    return [
        f"{level[0]}, [{iso}.{n(0, 999999):06d} #{pid}] {level[1]:>5} -- : Completed {status} OK in {ms}ms",
        f"{level[0]}, [{iso}.{n(0, 999999):06d} #{pid}] {level[1]:>5} -- : [{_uuid(rng)}] Started GET \"{path}\"",
        f"Completed {status} OK in {ms}ms (Views: {rng.uniform(0, 99):.1f}ms | ActiveRecord: {rng.uniform(0, 99):.1f}ms"
        f" | Allocations: {n(100, 99999)})",
        f"  User Load ({rng.uniform(0, 9):.1f}ms)  SELECT \"users\".* FROM \"users\" WHERE \"users\".\"id\" = $1 "
        f"LIMIT $2  [[\"id\", {n(1, 99999)}], [\"LIMIT\", 1]]",
        f"{iso}.{n(0, 999):03d}Z pid={pid} tid={hex_(5)} class=HardWorker jid={hex_(24)} INFO: done: "
        f"{rng.uniform(0, 99):.3f} sec",
        f"[{pid}] - Worker {n(0, 7)} (PID: {n(1000, 99999)}) booted in {rng.uniform(0, 9):.2f}s, phase: 0",
        f"START RequestId: {_uuid(rng)} Version: $LATEST",
        f"END RequestId: {_uuid(rng)}",
        f"REPORT RequestId: {_uuid(rng)} Duration: {dur} ms Billed Duration: {billed} ms Memory Size: {mem} MB "
        f"Max Memory Used: {n(40, mem)} MB" + (f" Init Duration: {rng.uniform(50, 999):.2f} ms" if n(0, 1) else ""),
        f"{iso}.{n(0, 999):03d}Z {_uuid(rng)} {pick(['INFO', 'ERROR', 'WARN'])} Processed {n(1, 500)} records",
        f"INIT_START Runtime Version: python:3.{n(8, 12)}.v{n(1, 40)} Runtime Version ARN: "
        f"arn:aws:lambda:us-east-1::runtime:{hex_(64)}",
        f"XRAY TraceId: 1-{hex_(8)}-{hex_(24)} SegmentId: {hex_(16)} Sampled: true",
        f"{pick(['http', 'https', 'h2'])} {iso}.{n(0, 999999):06d}Z app/my-lb/{hex_(16)} {client} {target} {t3()} "
        f"{t3()} {t3()} {status} {status} {n(0, 9999)} {n(100, 99999)} \"GET https://example.com:443{path} HTTP/1.1\" "
        f"\"curl/8.4.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
        f"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/{hex_(16)} "
        f"\"Root=1-{hex_(8)}-{hex_(24)}\"",
        f"{iso}.{n(0, 999999):06d}Z my-loadbalancer {client} {target} {t6()} {t6()} {t6()} {status} {status} "
        f"{n(0, 9999)} {n(100, 99999)} \"GET http://www.example.com:80{path} HTTP/1.1\" \"curl/7.38.0\" - -",
        f"{year}-{mm:02d}-{dd:02d}\t{hms}\t{pick(['LAX1', 'IAD89-C1', 'FRA56-P2'])}\t{n(300, 99999)}\t"
        f"192.0.2.{n(1, 254)}\tGET\td111111abcdef8.cloudfront.net\t{path}\t{status}\t-\tMozilla/5.0\t-\t-\tHit\t"
        f"{hex_(20)}==\td111111abcdef8.cloudfront.net\thttps\t{n(20, 999)}\t{rng.uniform(0, 1):.3f}\t-\tTLSv1.3\t"
        f"TLS_AES_128_GCM_SHA256\tHit\tHTTP/2.0\t-\t-\t{n(1024, 65535)}\t{rng.uniform(0, 1):.3f}\tHit\ttext/html\t"
        f"{n(10, 99999)}\t-\t-",
        f"x = {fn}({dims(3)})",
        f"shape=({dims(3)})",
        f"The batch is [{dims(n(3, 4))}]",
        f"x = np.zeros(({dims(2)}, 3))",
        f"img = resize({pick(['1920, 1080', '1280, 720', '640, 480', '224, 224'])}, 3)",
        f"layer = nn.Linear({pick(_DIMS)}, {pick(_DIMS)})  # then view({dims(3)})",
        f"assert out.shape == torch.Size([{dims(3)}])",
        f"x = 2**{n(8, 31)}-1 is the {word}",
        f"Clamp the value to the {word}.",
        f"Use {pick(['the min and max', 'min and max', 'max and min', 'both min and max'])} of the list.",
        f"{pick(['Set it', 'Cap the retries', 'Keep the batch size'])} below the {word}, not at the {word}!",
        f"if n > {pick(['max', 'limit'])}: n = max  # never above the max",
    ]


def generate_atk8(seed: int, count: int) -> list[str]:
    """Seeded lines (`atk8_lines`), at most `count`, no duplicates."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        for text in atk8_lines(rng):
            if text not in seen and len(out) < count:
                seen.add(text)
                out.append(text)
    return out


_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_ATK10_LABELS = [
    "Lieferadresse: siehe Bestellung", "Zahlungsart: Überweisung", "Bearbeitungsstand: in Prüfung",
    "Kündigungsfrist: drei Monate", "Fehlermeldung: Zeitüberschreitung beim Login", "Priorität: hoch",
    "Wiedervorlage: nächste Woche", "Anmerkung: Der Kunde wartet noch.", "Ergebnis: Der Test ist grün.",
    "Termin: Dienstag um 10 Uhr", "Rückfrage: Bitte die Rechnung erneut senden.", "Lieferstatus: zugestellt",
    "Ursache: Der Speicher war voll.", "Hinweis: Bitte das Passwort ändern.", "Sprechzeiten: Mo–Do 9–17 Uhr",
    "Geöffnet: Di–Sa 10–20 Uhr", "Servicezeiten: Mo-Fr 7-19 Uhr", "Versandart: Standard",
    "Opis: Błąd logowania po aktualizacji", "Priorytet: wysoki", "Odpowiedź: Dziękujemy za zgłoszenie.",
    "Termin: do piątku", "Temat: Faktura za marzec", "Uwagi: Klient czeka na odpowiedź.",
    "Onderwerp: Factuur van maart", "Oorzaak: Een verlopen wachtwoord.", "Motivo: pedido duplicado",
    "Oggetto: Fattura di marzo", "Assunto: Fatura de março", "Objet : facture de mars",
]
_ATK10_CITY_FRAMES = [
    ("es", "El envío a {c} tarda dos días."), ("es", "Mañana vuelo a {c} para la reunión."),
    ("es", "¿Cuánto cuesta enviar a {c}?"), ("it", "Domani vado a {c} in treno."),
    ("it", "La spedizione a {c} è partita ieri."), ("pt", "Amanhã vou para {c} de comboio."),
    ("pt", "A entrega para {c} atrasou."), ("pl", "Jutro lecę do {c} na spotkanie."),
    ("pl", "Paczka do {c} jest w drodze."), ("de", "{plz} {c}, Deutschland"),
]
_ATK10_CITIES = {
    "es": ["Sevilla", "Málaga", "Zaragoza", "Bilbao", "Valencia", "Granada", "Murcia", "Alicante"],
    "it": ["Torino", "Napoli", "Bologna", "Genova", "Verona", "Padova", "Bari", "Firenze", "Palermo"],
    "pt": ["Porto", "Braga", "Coimbra", "Lisboa", "Faro", "Aveiro"],
    "pl": ["Krakowa", "Wrocławia", "Poznania", "Gdańska", "Warszawy", "Łodzi", "Lublina", "Szczecina"],
    "de": ["Hamburg", "München", "Köln", "Leipzig", "Dresden", "Berlin", "Stuttgart", "Bremen"],
}


def atk10_lines(rng: random.Random) -> list[str]:
    """One line of each shape of atk10 tester B's M6, L2 and L3 (issue 12), seeded: month abbreviations in tables,
    per-month lists, CSV, queries and JSON; German, Polish and other labels before `:`, weekday ranges; cities after
    a preposition in Spanish, Italian, Portuguese and Polish and after a German postal code."""
    n, pick = rng.randint, rng.choice
    k = n(0, 9)
    m1, m2, m3 = _MONTH_ABBR[k:k + 3]
    col = pick(["Month", "Period", "Monat"])
    a, b = pick(["Orders", "Signups", "Tickets", "Deploys"]), pick(["Cost", "Revenue", "Refunds", "Churn"])
    noun = pick(["orders", "deploys", "alerts", "signups", "refunds", "tickets"])
    query = pick(["revenue", "churn", "payroll", "invoices", "forecast", "bookings", "refunds", "downloads"])
    lang, frame = pick(_ATK10_CITY_FRAMES)
    city = pick(_ATK10_CITIES[lang])
    return [
        f"| {col} | {a} | {b} |\n|---|---|---|\n| {m1} | {n(10, 2000)} | {n(1, 99)},{n(100, 999)} |\n"
        f"| {m2} | {n(10, 2000)} | {n(1, 99)},{n(100, 999)} |\n| {m3} | {n(10, 2000)} | {n(1, 99)},{n(100, 999)} |",
        f"{m1}: {n(1, 99)} {noun}, {m2}: {n(1, 99)} {noun}, {m3}: {n(1, 99)} {noun}",
        f"| Team | {m1} | {m2} | {m3} |\n| Core | {n(1, 99)} | {n(1, 99)} | {n(1, 99)} |",
        f"{col.lower()};{a.lower()}\n{m1};{n(10, 999)}\n{m2};{n(10, 999)}",
        f"{m1} {n(10, 99)}.{n(0, 9)}%, {m2} {n(10, 99)}.{n(0, 9)}%, {m3} {n(10, 99)}.{n(0, 9)}%",
        json.dumps({"q": f"{m1} {query}"}),
        json.dumps({"month": m2, "value": n(1, 999)}),
        pick(_ATK10_LABELS),
        frame.format(c=city, plz=f"{n(10000, 99999)}"),
    ]


def generate_atk10(seed: int, count: int) -> list[str]:
    """Seeded lines (`atk10_lines`), at most `count`, no duplicates."""
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < count:
        for text in atk10_lines(rng):
            if text not in seen and len(out) < count:
                seen.add(text)
                out.append(text)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--count", type=int, default=420)
    parser.add_argument("-o", "--out", type=Path)
    parser.add_argument("--eponyms", action="store_true", help="write the eponym set (technical_eponyms.txt)")
    parser.add_argument("--logs", action="store_true", help="write the log set (technical_logs.txt)")
    parser.add_argument("--atk8", action="store_true", help="write atk8's M4/M5/L1 set (technical_atk8_fp.txt)")
    parser.add_argument("--atk10", action="store_true",
                        help="write atk10's M6/L2/L3 held-out set (technical_atk10_holdout.txt)")
    args = parser.parse_args()
    if args.eponyms:
        prompts = generate_eponyms(args.seed, args.count)
        args.out = args.out or EPONYMS_OUT
    elif args.atk10:
        prompts = generate_atk10(args.seed, args.count)
        args.out = args.out or ATK10_OUT
    elif args.atk8:
        prompts = generate_atk8(args.seed, args.count)
        args.out = args.out or ATK8_OUT
    elif args.logs:
        prompts = generate_logs(args.seed, args.count)
        args.out = args.out or LOGS_OUT
    else:
        prompts = generate(args.seed, args.count)
        args.out = args.out or OUT
    # One prompt per line; a newline inside a prompt is written as the two characters \n.
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(p.replace("\\", "\\").replace("\n", "\\n") + "\n" for p in prompts))
    print(f"{len(prompts)} prompts -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
