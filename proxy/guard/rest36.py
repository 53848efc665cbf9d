"""Restore into code that hands the client's values to a third party's SDK, and into tool calls that post them to a
channel, a chat or a repository (issue 12, atk35 F01, F04, F06, F07, F08).

Restore keeps the client's values out of what sends (`proxy.guard.scopes.sends`). Its rules read destinations (a
URL, a host) and enumerated senders (commands, messaging SDK calls: `proxy.guard.rest33`); a vendor SDK's call names
neither: `analytics.identify('u', {'email': <PH>})`, `stripe.Customer.create(email=<PH>)`, `client.chat.completions.
create(messages=[... <PH> ...])` (another LLM provider, around the proxy), `s3.put_object(Body=<PH>)`,
`translate_client.translate(<PH>)`. Vendor lists trail forever, so the rule here is general: a code scope with a
placeholder in it sends when
- it imports a package that is not on an allowlist of local-only modules (per language: Python's standard library
  but its network modules, data, validation, templating, test and web-framework packages, the app's own modules by
  their usual names and relative imports; JavaScript's Node built-ins but `http`/`net`/`dns`..., UI, state, schema,
  date and test packages, relative and aliased (`@/`, `~/`) paths; Ruby's `require` of the standard library but
  `net/*`; Java/Kotlin `java.*`, `javax.*`, `jakarta.*`, Spring but their mail and HTTP client packages; C# `System`
  but `System.Net`): `import stripe`, `from openai import OpenAI`, `require('@slack/web-api')`, `import boto3`;
- or it calls a well-known SDK global with no import (`analytics.`, `mixpanel.`, `gtag(`, `fbq(`, `Intercom(`,
  `Sentry.`, `sentry_sdk.`, `stripe.`, `posthog.`, `openai.`...), constructs a client (`OpenAI()`, `boto3.client(...)`,
  `new WebClient(...)`, `X = SomethingClient(...)`, `genai.GenerativeModel(...)`, `ChatOpenAI(...)`; not
  `TestClient`, a mock or a fake), or calls a method of a named client it does not define (`s3_client.`,
  `translate_client.`, `publisher.`, `producer.`; not a bare `client.`, which may be the app's own) or a cloud SDK's
  call (`.chat.completions.create(`, `.embeddings.create(`, `.put_object(`,
  `.upload_blob(`, `.put_item(`, `.append_row(`, `.basic_publish(`...).
A tool call (its arguments' JSON) sends when a member names a destination that is no host (`channel`, `channel_id`,
`chat_id`, `repo`, `recipients`, `share_with`, `webhook`, `room_id`, `subreddit`) beside a message's text member
(`text`, `body`, `message`, `content`, `title`, `comment`, `caption`, `status`): Slack's `slack_post_message
{"channel_id": ..., "text": ...}`, GitHub's `create_issue {"owner", "repo", "body"}`, a Telegram bot's
`{"chat_id": ..., "text": ...}`.
Kept restored: code that only computes, displays or stores locally (`print(...)`, `User(email=...)` with no sending
import, a pandas DataFrame, a regex, a unit test with `TestClient`), a JSON record, prose, a tool call that names no
such destination (`lookup_order {"email": ...}`, `send_email {"to": ..., "body": ...}` as before).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

# A placeholder (`proxy.guard.vault`), JSON-escaped too.
_PH = re.compile(r"(?:<|\\u003[cC])[A-Z][A-Z0-9_]*_\d+(?:_[a-z2-7]{8})?(?:>|\\u003[eE])")

# ------------------------------------------------------------------------------------------------ imports
_PY_IMPORT = re.compile(r"(?m)^[ \t]*(?:>>>[ \t]+|\.\.\.[ \t]+)?import[ \t]+(?!static\b)([\w.]+(?:[ \t]+as[ \t]+\w+)?"
                        r"(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)|"
                        r"^[ \t]*(?:>>>[ \t]+)?import[ \t]+static[ \t]+([\w.]+)")
_PY_FROM = re.compile(r"(?m)^[ \t]*(?:>>>[ \t]+)?from[ \t]+(\.*[\w.]*)[ \t]+import\b")
_JS_FROM = re.compile(r"(?<![\w$.])(?:import|export)\b[^'\"`;\n]{0,300}?\bfrom[ \t]*['\"]([^'\"\n]+)['\"]"
                      r"|(?<![\w$.])import[ \t]*\(?[ \t]*['\"]([^'\"\n]+)['\"]"
                      r"|(?<![\w$.])require[ \t]*\(?[ \t]*['\"]([^'\"\n]+)['\"]")
_JS_REST = re.compile(r"[^\n]*?(?:\bfrom[ \t]*['\"]|=[ \t]*require\b)")
_RUBY_RELATIVE = re.compile(r"(?<![\w$.])require_relative\b")
_CS_USING = re.compile(r"(?m)^[ \t]*using[ \t]+(?:static[ \t]+)?([A-Z][\w.]*)[ \t]*;")

# The app's own modules by their usual names (a relative import is the app's too).
_APP = frozenset({
    "app", "apps", "src", "lib", "libs", "models", "model", "schemas", "schema", "utils", "util", "helpers", "helper",
    "config", "settings", "core", "common", "shared", "db", "database", "main", "tests", "test", "conftest", "forms",
    "views", "serializers", "types", "constants", "components", "pages", "hooks", "store", "styles", "project",
    "mypackage", "my_package", "myapp", "my_app", "mymodule", "my_module", "module", "package", "local", "domain",
    "entities", "repositories", "crud", "validators", "validation", "parsers", "parser", "formatters", "tools",
    "scripts", "example", "examples", "demo", "users", "user", "accounts", "customers", "contacts",
})
_NET_STDLIB = frozenset({
    "smtplib", "http", "urllib", "urllib2", "urllib3", "socket", "ftplib", "imaplib", "poplib", "telnetlib", "xmlrpc",
    "nntplib", "smtpd", "ssl", "socketserver", "asyncore", "asynchat", "webbrowser", "httplib", "cgi", "wsgiref",
})
_PY_LOCAL = (frozenset(getattr(sys, "stdlib_module_names", ())) - _NET_STDLIB) | frozenset({
    "numpy", "pandas", "scipy", "sklearn", "matplotlib", "seaborn", "plotly", "bokeh", "altair", "statsmodels",
    "sympy", "networkx", "polars", "pyarrow", "duckdb", "pydantic", "pydantic_settings", "attr", "attrs",
    "marshmallow", "cerberus", "jsonschema", "yaml", "ruamel", "toml", "tomli", "tomli_w", "orjson", "ujson",
    "simplejson", "msgpack", "dateutil", "pytz", "arrow", "pendulum", "babel", "phonenumbers", "email_validator",
    "validators", "bcrypt", "argon2", "passlib", "cryptography", "nacl", "jwt", "itsdangerous", "jinja2",
    "markupsafe", "mako", "click", "typer", "rich", "tqdm", "colorama", "tabulate", "prettytable", "loguru",
    "structlog", "pytest", "hypothesis", "faker", "factory", "freezegun", "mock", "pytest_mock", "sqlalchemy",
    "alembic", "psycopg2", "psycopg", "pymysql", "MySQLdb", "peewee", "pony", "tortoise", "pymongo", "motor",
    "django", "flask", "flask_sqlalchemy", "flask_wtf", "wtforms", "fastapi", "starlette", "werkzeug", "pyramid",
    "bottle", "sanic", "openpyxl", "xlrd", "xlsxwriter", "docx", "pptx", "reportlab", "fpdf", "pypdf", "PyPDF2",
    "pdfplumber", "PIL", "cv2", "skimage", "imageio", "torch", "torchvision", "tensorflow", "keras", "jax",
    "transformers", "datasets", "spacy", "nltk", "gensim", "presidio_analyzer", "presidio_anonymizer", "regex",
    "unidecode", "slugify", "inflection", "more_itertools", "toolz", "cachetools", "joblib", "numba", "dask",
    "pyspark", "PyQt5", "PyQt6", "PySide2", "PySide6", "kivy", "pygame", "streamlit", "dotenv", "environs",
    "decouple", "shortuuid", "ulid", "nanoid", "typing_extensions", "dataclasses_json", "pytest_asyncio", "nose",
    "names", "tkinter", "bs4", "lxml", "html5lib", "markdown", "mistune", "sqlmodel", "piccolo", "databases",
    "responses", "respx", "vcr",
})
_JS_LOCAL = frozenset({
    "fs", "path", "os", "util", "crypto", "events", "stream", "readline", "assert", "buffer", "querystring", "zlib",
    "child_process", "worker_threads", "perf_hooks", "process", "timers", "string_decoder", "v8", "vm", "console",
    "module", "cluster", "url", "lodash", "lodash-es", "underscore", "ramda", "react", "react-dom", "react-native",
    "vue", "svelte", "next", "nuxt", "express", "koa", "fastify", "zod", "yup", "joi", "ajv", "validator",
    "libphonenumber-js", "moment", "dayjs", "date-fns", "luxon", "uuid", "nanoid", "bcrypt", "bcryptjs", "argon2",
    "jsonwebtoken", "jose", "chalk", "commander", "yargs", "dotenv", "jest", "vitest", "mocha", "chai", "sinon",
    "supertest", "@prisma/client", "prisma", "mongoose", "sequelize", "typeorm", "knex", "pg", "mysql2", "sqlite3",
    "better-sqlite3", "redux", "react-redux", "zustand", "jotai", "recoil", "formik", "react-hook-form",
    "styled-components", "classnames", "clsx", "tailwind-merge", "antd", "lucide-react", "react-icons",
    "react-router", "react-router-dom", "immer", "rxjs", "papaparse", "csv-parse", "csv-stringify", "xlsx",
    "exceljs", "pdfkit", "jspdf", "sharp", "jimp", "handlebars", "ejs", "pug", "mustache", "marked", "dompurify",
    "sanitize-html", "cheerio", "jsdom", "typescript", "tslib", "vite", "webpack", "@faker-js/faker", "faker",
    "@reduxjs/toolkit", "@hookform/resolvers", "@jest/globals", "@angular/core", "@angular/forms",
    "@angular/router", "@angular/common", "@angular/platform-browser", "drizzle-orm", "prop-types", "immutable",
})
_JS_LOCAL_SCOPES = ("@testing-library/", "@mui/", "@emotion/", "@chakra-ui/", "@headlessui/", "@radix-ui/",
                    "@types/", "@tanstack/react-table", "@vue/", "@sveltejs/")
_JS_NET = ("@angular/common/http",)
_RUBY_LOCAL = frozenset({
    "json", "csv", "date", "time", "set", "yaml", "psych", "securerandom", "digest", "pp", "bigdecimal", "logger",
    "fileutils", "pathname", "optparse", "erb", "rspec", "minitest", "active_support", "active_record", "ostruct",
    "benchmark", "tempfile", "stringio", "english", "open3", "rails_helper", "spec_helper", "sqlite3", "pg",
    "bundler", "rake", "forwardable", "singleton", "observer", "base64", "zlib", "openssl", "io",
})
# Java/Kotlin/C# packages by prefix: the longest one read decides (a local one, or a network one inside it).
_DOTTED_LOCAL = ("java.", "javax.", "jakarta.", "kotlin.", "kotlinx.", "lombok.", "org.junit.", "org.springframework.",
                 "com.fasterxml.", "org.hibernate.", "org.apache.commons.", "com.google.common.", "org.slf4j.",
                 "org.mockito.", "org.assertj.", "System", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore",
                 "Microsoft.Extensions", "Newtonsoft.", "Xunit", "NUnit", "Moq", "FluentAssertions", "android.os.",
                 "android.widget.", "android.view.", "android.app.Activity", "androidx.")
_DOTTED_NET = ("java.net", "javax.mail", "jakarta.mail", "javax.net", "org.springframework.mail",
               "org.springframework.web.client", "org.springframework.web.reactive.function.client", "System.Net",
               "Microsoft.Graph", "android.telephony")


_DOTTED_TOPS = frozenset({"com", "org", "io", "net", "java", "javax", "jakarta", "kotlin", "kotlinx", "android",
                         "androidx", "lombok", "dev", "me", "co"})


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def _py_sends(name: str) -> bool:
    """Whether Python's `import name` (or `from name import`) may send: not the app's own nor a local package."""
    if not name or name.startswith("."):
        return False
    top = _top(name)
    if top in _APP or top in _PY_LOCAL or top.startswith(("test_", "my_")):
        return False
    return True


def _dotted_sends(name: str) -> bool:
    """Java/Kotlin/C#: `import com.stripe.Stripe;`, `using Twilio;` (a network package inside a local one sends)."""
    if any(name == p or name.startswith(p + ".") or name.startswith(p) and p.endswith(".") for p in _DOTTED_NET):
        return True
    return not any(name.startswith(p) if p.endswith(".") else (name == p or name.startswith(p + "."))
                   for p in _DOTTED_LOCAL)


def _js_sends(spec: str) -> bool:
    """Whether a JavaScript module specifier (`import ... from 'x'`, `require('x')`) may send."""
    spec = spec.strip()
    if spec.startswith((".", "/", "@/", "~/", "~", "#", "$lib", "src/", "app/", "components/", "node:fs", "node:path")):
        return False
    if spec.startswith("node:"):
        spec = spec[5:]
    if any(spec.startswith(n) for n in _JS_NET):
        return True
    if spec.startswith("@"):
        parts = spec.split("/")
        pkg = "/".join(parts[:2])
    else:
        pkg = spec.split("/", 1)[0]
    if pkg in _JS_LOCAL or spec in _JS_LOCAL or any(spec.startswith(s) for s in _JS_LOCAL_SCOPES):
        return False
    if pkg.endswith((".js", ".ts", ".jsx", ".tsx", ".css", ".scss", ".json", ".svg", ".png")) or "." in pkg[1:] \
            and "/" not in spec:
        return False  # (a file of the app's: `import './x.css'` read above; `styles.css`)
    return True


def _ruby_sends(spec: str) -> bool:
    return spec.split("/", 1)[0] not in _RUBY_LOCAL and not spec.startswith(".")


# Go: `import "x"` and `import ( ... )` blocks, read in Go's code alone (`package x`, `func `, `import (`): a module
# of a host's (`github.com/...`, read as a destination too) but a local-only one, or the standard library's network
# packages. Rust: `use x::...;` and `extern crate x;` of a crate that is not a local-only one (`use reqwest::...`,
# `use lettre::...`; send37, atk35).
_GO_FILE = re.compile(r"(?m)^[ \t]*(?:package[ \t]+\w+[ \t]*$|import[ \t]*\(|func[ \t]+[\w(])")
_GO_BLOCK = re.compile(r"(?m)^[ \t]*import[ \t]*\(([^()]{0,2000})\)|^[ \t]*import[ \t]+(?:\w+[ \t]+)?(\"[^\"\n]+\")")
_GO_PATH = re.compile(r'"([^"\n]+)"')
_GO_NET = frozenset({"net", "net/http", "net/smtp", "net/rpc", "net/http/httputil", "net/textproto"})
_GO_LOCAL = ("golang.org/x/text", "golang.org/x/exp", "golang.org/x/crypto", "golang.org/x/sync", "gorm.io/",
             "go.uber.org/zap", "gopkg.in/yaml", "google.golang.org/protobuf")
_RUST_USE = re.compile(r"(?m)^[ \t]*(?:pub(?:\([\w ]+\))?[ \t]+)?(?:use[ \t]+(?:::)?|extern[ \t]+crate[ \t]+)"
                       r"([a-z_][a-z0-9_]*)[ \t]*(?:::|;|[ \t]+as\b)")
_RUST_LOCAL = frozenset({
    "std", "core", "alloc", "crate", "self", "super", "serde", "serde_json", "serde_yaml", "serde_derive", "toml",
    "regex", "chrono", "time", "uuid", "anyhow", "thiserror", "eyre", "clap", "rand", "lazy_static", "once_cell",
    "log", "env_logger", "tracing", "tracing_subscriber", "validator", "rusqlite", "diesel", "sqlx", "itertools",
    "csv", "tokio", "futures", "async_trait", "bytes", "base64", "sha2", "hex", "phonenumber", "email_address",
    "dotenv", "dotenvy", "tempfile", "indexmap", "num", "rayon", "criterion", "proptest", "mockall", "axum",
    "actix_web", "rocket", "warp", "tera", "askama", "handlebars", "derive_more", "strum", "bitflags", "ndarray",
    "polars", "unicode_segmentation", "fake", "argon2", "bcrypt", "ring", "md5", "sha1", "smallvec", "parking_lot",
})


def _go_rust_sends(text: str) -> bool:
    """Go's and Rust's imports (see above)."""
    if "use" in text or "crate" in text:
        for m in _RUST_USE.finditer(text):
            if m.group(1) not in _RUST_LOCAL:
                return True
    if "import" in text and _GO_FILE.search(text) is not None:
        for m in _GO_BLOCK.finditer(text):
            for p in _GO_PATH.findall(m.group(1) or m.group(2)):
                if p in _GO_NET or "." in p.split("/", 1)[0] and not p.startswith(_GO_LOCAL):
                    return True
    return False


def imports_sender(text: str) -> bool:
    """Whether `text` imports a package that may send (see the module)."""
    if _go_rust_sends(text):
        return True
    go = "import" in text and _GO_FILE.search(text) is not None
    if "import" in text:
        for m in _PY_IMPORT.finditer(text):
            eol = text.find("\n", m.end())
            if _JS_REST.match(text, m.end(), len(text) if eol < 0 else eol) is not None:
                continue  # (JavaScript's `import React, { useState } from 'react'`: read below)
            if m.group(2) is not None:
                if _dotted_sends(m.group(2)):
                    return True
                continue
            for part in m.group(1).split(","):
                name = part.strip().split()[0] if part.strip() else ""
                if name.count(".") >= 2 and name.split(".")[0] in _DOTTED_TOPS:
                    if _dotted_sends(name):
                        return True
                elif _py_sends(name):
                    return True
        for m in _PY_FROM.finditer(text):
            if _py_sends(m.group(1)):
                return True
    if "import" in text or "require" in text or "export" in text:
        for m in _JS_FROM.finditer(text):
            spec = m.group(1) or m.group(2) or m.group(3)
            line = text.rfind("\n", 0, m.start()) + 1
            head = text[line:m.start()]
            if m.group(3) is not None and "(" not in m.group(0) and not head.strip() \
                    and _RUBY_RELATIVE.search(text, m.start(), m.start() + 20) is None:
                if _ruby_sends(spec):  # (Ruby's `require 'stripe'`)
                    return True
                continue
            if _RUBY_RELATIVE.match(text, m.start()) is not None or go and m.group(2) is not None:
                continue  # (Go's `import "fmt"`: read above)
            if _js_sends(spec):
                return True
    if "using" in text:
        for m in _CS_USING.finditer(text):
            if _dotted_sends(m.group(1)):
                return True
    return False


# --------------------------------------------------------------------------------------- SDK globals, clients
# A well-known SDK's global used with no import (analytics, ad pixels, support chat, error tracking, payments, AI).
_GLOBALS = (
    r"analytics|mixpanel|posthog|amplitude|heap|rudderanalytics|klaviyo|_learnq|_hsq|_cio|clevertap|braze|appboy"
    r"|OneSignal|Intercom|Sentry|sentry_sdk|Bugsnag|bugsnag|Rollbar|rollbar|datadogRum|DD_RUM|newrelic|Raven"
    r"|LogRocket|Appcues|pendo|userpilot|Gleap|smartlook|clarity|Beacon|HubSpotConversations|Tawk_API|\$crisp"
    r"|drift|zE|hj|gtag|fbq|twq|ttq|snaptr|pintrk|lintrk|rdt|_paq|dataLayer|stripe|Stripe|openai|anthropic|cohere"
    r"|genai|mistralai|replicate|groq|clearbit|supabase|firebase|boto3|gspread|pinecone|pusher|algoliasearch"
    r"|sendgrid|mailchimp|twilio|vonage|plivo|slack_sdk|deepl|tweepy|octokit|hubspot|salesforce|zendesk|freshdesk"
    r"|airtable|notion|segment|FS"
)
_GLOBAL_CALL = re.compile(rf"(?<![\w$.])(?:window\.)?(?:{_GLOBALS})(?:\.[A-Za-z_$]|[ \t]*\()")
_GLOBAL_GATE = tuple({g.replace("\\", "") for g in _GLOBALS.split("|")})
# A client's constructor (the scope makes one): `OpenAI()`, `boto3.client('s3')`, `new WebClient(token)`,
# `storage.Client()`, `genai.GenerativeModel(...)`, `ChatOpenAI(...)`; not a test's, a mock's or a fake's.
_CONSTRUCT = re.compile(
    r"(?<![\w$])(?:new[ \t]+)?(?:[\w$]+\.)*(?:(?!Test|Mock|Fake|Dummy|Stub|Local|InMemory)[A-Z][\w$]*"
    r"(?:Client|Producer|Publisher|Consumer|Translator|Connection(?<!DbConnection))"
    r"|(?:Async|Azure)?OpenAI|(?:Async)?Anthropic|Groq|Mistral|Cohere|Together|GenerativeModel|InferenceClient"
    r"|Chat(?:OpenAI|Anthropic|GoogleGenerativeAI|VertexAI|Mistral|Cohere|Groq|Ollama)|OpenAIEmbeddings|Pinecone"
    r"|Salesforce|PyHunter|Airtable|Octokit|Telegraf|Mixpanel|PostHog|Posthog|Analytics|Amplitude|Kafka|Twilio"
    r"|Stripe|Mailgun|Resend|createClient|initializeApp|getFirestore|getDatabase|BlockingConnection"
    r"|(?:boto3|session|aioboto3)\.(?:client|resource)|service_account|authorize)[ \t]*\(")
_CONSTRUCT_GATE = ("Client", "Producer", "Publisher", "Consumer", "Translator", "Connection", "OpenAI", "Anthropic",
                   "Groq", "Mistral", "Cohere", "Together", "GenerativeModel", "Chat", "Pinecone", "Salesforce",
                   "PyHunter", "Airtable", "Octokit", "Telegraf", "Mixpanel", "PostHog", "Posthog", "Analytics",
                   "Amplitude", "Kafka", "Twilio", "Stripe", "Mailgun", "Resend", "initializeApp", "getFirestore",
                   "getDatabase", "client(", "resource(", "service_account", "authorize")
# A client it uses but does not define (`client.`, `s3_client.`, `supabaseClient.`), and cloud SDKs' calls.
_CLIENT_USE = re.compile(
    r"(?<![\w$.])(?P<var>publisher|producer|[a-z][\w$]*_(?:client|publisher|producer)"
    r"|[a-z][\w$]*(?:Client|Publisher|Producer))\.[A-Za-z_$][\w$]*"
    r"|(?<![\w$.])(?:[a-z]\w*_)?table\.(?:create|batch_create|batch_upsert)[ \t]*\([ \t]*[\[{]"  # (pyairtable: send37)
    r"|(?<![\w$.])(?:addDoc|setDoc|updateDoc)[ \t]*\(|\bsendUpdates[ \t]*=[ \t]*['\"](?:all|externalOnly)"
    r"|\.(?:Contact|Lead|Account|Opportunity|Case)\.(?:create|update|upsert)[ \t]*\("
    r"|\.lookups\.v\d\.|\.crm\.(?:contacts|companies|deals|objects|tickets)\."
    r"|\.(?:chat\.completions|completions|embeddings|responses|moderations|images)\.create[ \t]*\("
    r"|\.threads\.messages\.create[ \t]*\("  # (send37: an LLM API's call with no import, atk35 F07)
    r"|\.messages\.(?:create|stream)[ \t]*\([^()]{0,200}?\bmodel[ \t]*[=:]"
    r"|\.(?:generate_content|generateContent|text_generation|chat_completion|feature_extraction|put_object"
    r"|upload_fileobj|upload_blob|upload_from_string|upload_from_filename|put_item|batch_write_item|append_row"
    r"|append_rows|basic_publish|send_message_batch|put_record|put_records|email_verifier|email_finder"
    r"|translate_text)[ \t]*\(")
_CLIENT_GATE = ("lient.", "table.", ".lookups.", ".crm.", "ublisher.", "roducer.", "Doc", "sendUpdates", ".create",
                "generate_content", "generateContent", "text_generation", "chat_completion",
                "feature_extraction", "put_object", "upload_", "put_item", "batch_write_item", "append_row",
                "basic_publish", "send_message_batch", "put_record", "email_verifier", "email_finder",
                "translate_text")
_LOCAL_CLIENT = re.compile(r"(?<![\w$.])(?:Test|Mock|Fake|Dummy|Stub|Local|InMemory|Magic|Async)?(?:Test|Mock|Fake"
                           r"|Dummy|Stub|MagicMock|AsyncMock)\w*[ \t]*\(|\btest_client\(|\bmocker\.")


def _defined_locally(text: str, var: str) -> bool:
    """Whether the scope assigns `var` from a test's, a mock's or a fake's client (`client = TestClient(app)`,
    `client = app.test_client()`, `client = MagicMock()`), or as a parameter of a test's fixture."""
    for m in re.finditer(rf"(?<![\w$.]){re.escape(var)}[ \t]*(?::[^=\n]{{0,64}})?=(?!=)[ \t]*([^\n]{{0,160}})", text):
        if _LOCAL_CLIENT.search(m.group(1)) is not None:
            return True
    return False


def uses_client(text: str) -> bool:
    """Whether `text` calls an SDK global, constructs a client or calls one's method (see the module)."""
    if any(g in text for g in _GLOBAL_GATE) and _GLOBAL_CALL.search(text) is not None:
        return True
    if any(g in text for g in _CONSTRUCT_GATE):
        for m in _CONSTRUCT.finditer(text):
            line = text.rfind("\n", 0, m.start()) + 1
            if re.search(r"(?:\b(?:class|def|function|interface|type|extends|implements)\b|@)[^\n]*\Z",
                         text[line:m.start()]) is None:
                return True
    if any(g in text for g in _CLIENT_GATE):
        for m in _CLIENT_USE.finditer(text):
            var = m.group("var")
            if var is None or not _defined_locally(text, var):
                return True
    return False


# ------------------------------------------------------------------------------------------------ HTTP bodies
# An HTTP client's call that sends a body, whatever its URL (atk36 F12: `requests.post(WEBHOOK_URL, json=...)`,
# `fetch(process.env.HOOK, {method: 'POST', body: ...})`, `urlopen(HOOK, data=...)`): a URL written out is read by
# the destination rules, one held in a variable or the environment is a destination all the same. Not a route's
# definition (`app.post('/x', handler)`, `router.post(...)`): only the clients' own names and calls.
_HTTP_BODY = re.compile(
    r"(?<![\w$.])(?:requests|httpx|aiohttp|session|sess|http_session|axios|ky|got|superagent|HTTParty|Faraday|RestClient"
    r"|Net::HTTP|http)\.(?:post|put|patch)(?:_form|Form)?[ \t]*\("
    r"|(?<![\w$.])(?:requests|httpx)\.request[ \t]*\([ \t]*['\"](?i:post|put|patch)['\"]"
    r"|(?<![\w$.])(?:urllib\.request\.)?urlopen[ \t]*\([^()\n]{1,200}?(?:,[ \t]*data[ \t]*=|,[ \t]*[\w.]+[ \t]*\))"
    r"|\.request[ \t]*\([^\n]{0,200}?\bmethod[ \t]*=[ \t]*['\"](?i:post|put|patch)['\"]"
    r"|(?<![\w$.])fetch[ \t]*\([^\n]{0,300}?\b(?:body|method[ \t]*:[ \t]*['\"](?i:post|put|patch)['\"])"
    r"|(?<![\w$.])(?:\$|jQuery)\.(?:post|ajax)[ \t]*\(|\bnavigator\.sendBeacon[ \t]*\("
    r"|(?<![\w$.])http\.(?:Post|PostForm)[ \t]*\("
    r"|\bhttp\.NewRequest[ \t]*\([ \t]*(?:\"(?:POST|PUT|PATCH)\"|http\.Method(?:Post|Put|Patch))"
    r"|\.(?:PostAsync|PutAsync|PatchAsync|PostAsJsonAsync|PutAsJsonAsync)[ \t]*\("
    r"|\bCURLOPT_POSTFIELDS\b|\.POST[ \t]*\([ \t]*HttpRequest\.BodyPublishers"
    r"|(?i:\bInvoke-(?:RestMethod|WebRequest)\b[^\n]{0,300}?[ \t]-Body\b)")
_HTTP_GATE = (".post", ".put", ".patch", "Post", "Put", "Patch", "urlopen", ".request", "fetch", ".ajax", "sendBeacon",
              "POSTFIELDS", "-Body", ".POST", "_form")


def posts_body(text: str) -> bool:
    """Whether `text` calls an HTTP client that sends a body (see above)."""
    return any(g in text for g in _HTTP_GATE) and _HTTP_BODY.search(text) is not None


# ------------------------------------------------------------------------------------------------ tool calls
# A tool call's member naming a destination that is no host, and a message's text member beside it.
_DEST_KEY = re.compile(r'(?i)\\?"(?:channel|channel_?(?:id|name)|chat_?id|repo|repo_?name|recipients?'
                       r'|recipient_?(?:id|ids|email|emails)|share_?with|shared_?with|webhook(?:_?url)?|room_?id'
                       r'|subreddit|thread_?ts|group_?chat_?id|peer_?id)\\?"\s{0,8}:')
_TEXT_KEY = re.compile(r'(?i)\\?"(?:text|body|message|content|title|comment|caption|status|blocks|markdown'
                       r'|msg)\\?"\s{0,8}:')  # (not a package.json's `repository` beside its `description`)


def posts(text: str) -> bool:
    """Whether a tool call's JSON `text` posts a message to a channel, chat or repository (see the module)."""
    return _DEST_KEY.search(text) is not None and _TEXT_KEY.search(text) is not None


# ------------------------------------------------------------------------------------------------------ sends
def gate(text: str) -> bool:
    """Cheap: whether `text` may send by this module's rules (a placeholder in it, or a quoted key)."""
    return "<" in text or "\\u003" in text or '"' in text


@lru_cache(maxsize=256)
def sends(text: str) -> bool:
    """Whether a scope's `text` sends by this module's rules: a code scope with a placeholder that imports a package
    that may send or uses an SDK's client; a tool call that posts to a channel, chat or repository."""
    if '"' in text and ":" in text and posts(text):
        return True
    if _PH.search(text) is None:
        return False
    return imports_sender(text) or uses_client(text) or posts_body(text)
