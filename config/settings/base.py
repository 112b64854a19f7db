"""Settings shared by every environment; each value that differs comes from the environment.

`development`, `test` and `production` import this module and change only what differs.
Every variable read here is documented in `.env.example`.
"""

from pathlib import Path

import environ
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is a convenience for development; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # Before the admin, whose forms it gives a tab per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "import_export",
    "django_prometheus",
    "cooperation",
    "people",
    "events",
]

# Order matters: the security, frame and CSP headers and the host check come before WhiteNoise, so
# that static files are served as pages are (cooperation/core/web/operations.py for the first four).
MIDDLEWARE = [
    # /healthz and /readyz for load balancers: before the host check and the HTTPS redirect.
    "cooperation.core.web.operations.HealthMiddleware",
    # Counts and times every request (GET /metrics); its After half closes the list.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # X-Request-ID in and out and in every log record; slow requests and queries logged.
    "cooperation.core.web.operations.RequestIdMiddleware",
    "cooperation.core.web.operations.RefuseTraceMiddleware",
    # With a read replica: a visitor's reads from it, before anything reads.
    "cooperation.core.replicas.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cooperation.core.web.operations.HostCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # RateLimit headers on every API answer; outside the conditional GET (304s carry them) and the
    # response cache (served answers carry this request's counts, stored ones none).
    "cooperation.core.web.middleware.ApiRateLimitHeadersMiddleware",
    # Brotli or gzip for pages and the API (not for a body that may hold a secret); before the conditional
    # GET, as Django's GZipMiddleware: the ETag is the uncompressed body's, made weak when compressed.
    "cooperation.core.web.middleware.CompressionMiddleware",
    "cooperation.core.web.middleware.RejectBadQueryMiddleware",
    "cooperation.core.web.middleware.ApiRequestLimitsMiddleware",
    "cooperation.core.web.middleware.ApiTrailingSlashMiddleware",
    # ETag on every GET and HEAD, and 304 for If-None-Match / If-Modified-Since ...
    "cooperation.core.web.middleware.ConditionalGetMiddleware",
    # ... using the Last-Modified and Cache-Control that API reads get here.
    "cooperation.core.web.middleware.ApiCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moves an unchanged session's expiry on, without writing its data back (two idle hours).
    "cooperation.core.web.middleware.SessionIdleExpiryMiddleware",
    # The language comes from the URL's prefix alone (none: English), so a page's address says its language.
    "django.middleware.locale.LocaleMiddleware",
    # The API's language: ?lang=, else Accept-Language, else English (its pages' addresses say theirs).
    "cooperation.core.web.middleware.ApiLanguageMiddleware",
    # Searches and the events page's facet counts: their own rate limits per client (429 page).
    "cooperation.core.web.middleware.PageRateLimitMiddleware",
    # Whole answers to anonymous reads, keyed by the data version (cooperation/core/web/cache.py). After
    # the language is known; everything above runs on cached answers too (ETag, 304, Last-Modified).
    "cooperation.core.web.cache.ResponseCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "cooperation.core.web.middleware.AtomicWritesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every history row written during a request names its user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: refuses sign-ins from a locked-out user or address.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Sign-in goes through django-axes first, which counts failures and locks out after AXES_FAILURE_LIMIT.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)  # hours
# A user name and an address together: a guessed password locks that account from that address, not
# every editor of the office behind the same address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address behind NUM_PROXIES proxies, as the API's rate limits read it: behind nginx every
# request would otherwise come from 127.0.0.1, and one guessed password would lock the account for all.
AXES_CLIENT_IP_CALLABLE = "cooperation.core.web.operations.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Import and export in the admin: each import runs in one transaction, so a file with a bad row
# imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cooperation.core.web.context_processors.page_languages",
            ],
            # {% load records %}: partial dates as <time>, and the one visibility filter.
            "libraries": {
                "records": "cooperation.core.web.templatetags",
                "review": "cooperation.core.admin.templatetags",
            },
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://...) switches to PostgreSQL (psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# No transaction around reads: AtomicWritesMiddleware wraps each unsafe request (POST, PUT, PATCH,
# DELETE) in one, so a failed write never leaves half a change behind, while reads never take
# SQLite's write lock.
# A statement running longer than this is cancelled by PostgreSQL (the request then answers 503), so
# that one slow query cannot hold a web worker. Set for the app servers (deploy/gunicorn.conf.py sets
# it, 30s unless given), not for commands: a migration or an export may rightly take longer.
DATABASE_STATEMENT_TIMEOUT = env("DATABASE_STATEMENT_TIMEOUT", default="")
if DATABASE_STATEMENT_TIMEOUT and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at the start of a transaction, so concurrent writers
        # wait (busy timeout) instead of failing with "database is locked" halfway through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Without health checks the first request on each worker after a database restart fails.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Settings of each connection. The default turns JIT compilation off: PostgreSQL compiles a plan
    # it judges costly (a count, the facets) for tens of milliseconds, longer than such a query runs
    # here (docs/performance.md). Behind a pooler that refuses startup options (PgBouncer), set it to
    # "" and `ALTER DATABASE ... SET jit = off` instead.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} {env('DATABASE_OPTIONS', default='-c jit=off')}".strip()

# Tables of data derived by the database itself (the tally of events, events/tally.py) are left out of
# dumpdata and loaddata: a dump's events are counted by the triggers of the database it is loaded into.
DATABASE_ROUTERS = ["events.tally.DerivedDataRouter"]

# A PostgreSQL streaming replica of the primary: visitors' reads go to it, writes, staff, partners and a
# client's reads right after its own write to the primary (cooperation/core/replicas.py). Its connections
# are set as the primary's.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **environ.Env.db_url_config(DATABASE_REPLICA_URL),
        # A replica that does not answer within seconds is left aside for a while (core/replicas.py).
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 3},
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": DATABASES["default"].get("CONN_HEALTH_CHECKS", False),
        "TEST": {"MIRROR": "default"},  # the tests read the primary under the replica's name
    }
    DATABASE_ROUTERS.append("cooperation.core.replicas.ReplicaRouter")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("az", "Azərbaycanca"),
    ("ar", "العربية"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Records' translated fields (cooperation/core/translation.py): English is the original and the
# fallback of every other language.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The regional office is in Baku: "today" (upcoming and past events) is Baku's today.
TIME_ZONE = env("TIME_ZONE", default="Asia/Baku")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # The bulk download (/data/records.zip, cooperation/core/dump/): a directory on one machine; with
    # several app servers, a directory they share or an object store (django-storages' S3 backend).
    "bulk_data": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env("BULK_DATA_DIR", default=str(BASE_DIR / "var" / "data"))},
    },
}
# The site's public address, for the addresses written into the bulk download (built without a request).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Messages (such as a newly issued partner token's key) stay on the server, never in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Staff sessions expire: two hours of inactivity (SessionIdleExpiryMiddleware moves the expiry on; never
# SESSION_SAVE_EVERY_REQUEST, whose whole-session writes let a slow request wipe a message stored
# meanwhile), and always when the browser closes. Sessions live in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts only from this site, never inline or eval'd; nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The cache all workers share: rate-limit counts and the response cache live here. The database by
# default (the table is created by a migration); Redis when REDIS_URL is set.
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            # An unreachable Redis fails fast: the answer is then computed and not counted (core/web/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_entries",
            # Room for one rate-limit count per client address without culling live ones.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Whole answers to anonymous reads (pages and the API), kept in the shared cache and keyed by the data
# version: never older than the last write (cooperation/core/web/cache.py). RESPONSE_CACHE=off turns it off.
RESPONSE_CACHE = env.bool("RESPONSE_CACHE", default=True)
# How long an entry is kept; a write makes every entry unreachable at once, this only frees the space.
RESPONSE_CACHE_SECONDS = env.int("RESPONSE_CACHE_SECONDS", default=600)

# Expensive answers, each limited per client on top of the API's general limit (DEFAULT_THROTTLE_RATES
# below): a search (?q= on the API's lists, the list pages and the site search), an export (the API's
# CSV and iCalendar lists) and the events page's facet counts with filters. The pages they apply to:
SEARCH_PAGES = ["site:search"]  # and every registered list page (the registry's list_url)
FACET_PAGES = ["events:event-list"]

# The JSON API (see config/api.py): read-only, published records only, problem+json errors.
API_MAX_BODY_BYTES = 64 * 1024
# The largest list the API sends a client without a partner token (bytes, uncompressed): past it, a 400 asks
# for a smaller page or a narrower calendar. Bulk downloads are not lists and are not held to it.
API_MAX_ANSWER_BYTES = 1_000_000
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["cooperation.core.api.authentication.PartnerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "cooperation.core.api.throttling.AnonymousRateThrottle",
        "cooperation.core.api.throttling.PartnerRateThrottle",
        "cooperation.core.api.throttling.SearchRateThrottle",
        "cooperation.core.api.throttling.ExportRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env("API_ANONYMOUS_RATE", default="120/minute"),
        "partner": env("API_PARTNER_RATE", default="3000/minute"),
        "search": env("SEARCH_RATE", default="30/minute"),
        "export": env("EXPORT_RATE", default="10/minute"),
        "facets": env("FACETS_RATE", default="60/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "cooperation.core.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "cooperation.core.filters.UniqueOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "cooperation.core.api.renderers.JSONRenderer",  # DRF's, written by orjson: the same bytes
        "cooperation.core.api.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cooperation.core.api.negotiation.ContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cooperation.core.api.problems.exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
    "ORDERING_PARAM": "ordering",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # How many proxies in front of the app add to X-Forwarded-For. 0 (the default): the client's
    # address is the connection's, and a client cannot dodge its rate limit with a made-up header.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ICESCO–Azerbaijan cooperation records API",
    "DESCRIPTION": (
        "Read the published records of cooperation between ICESCO and Azerbaijan: organisations, people and "
        "their posts, events and who took part, initiatives, places and sources, each fact with the quotes "
        "that support it. Ids and documented fields do not change within v1."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI's options, as JavaScript (drf-spectacular passes a string on as it is): no validator
    # badge, which would send the document's address to swagger.io; and no padlock on an operation
    # anyone may call (its security lists the empty requirement: cooperation.core.api.schema), which
    # Swagger UI leaves out only when that requirement is alone. The operations still list the token,
    # so once a partner has used "Authorize" every call sends it. (These plugins are the only ones:
    # drf-spectacular adds its own only when the document is not public.)
    "SWAGGER_UI_SETTINGS": """{
  deepLinking: true,
  validatorUrl: null,
  plugins: [
    () => ({
      wrapComponents: {
        OperationSummary: (Original, system) => (props) => {
          const security = props.operationProps && props.operationProps.get("security");
          const anonymous = security && security.some((requirement) => requirement.isEmpty());
          const operationProps = anonymous
            ? props.operationProps.set("security", security.filter((requirement) => requirement.isEmpty()))
            : props.operationProps;
          return system.React.createElement(Original, { ...props, operationProps });
        },
      },
    }),
  ],
}""",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Each choice list of a registered record type, named after its class: read from the registry
    # once the apps are ready (cooperation.core.api.schema.enum_names).
    "ENUM_NAME_OVERRIDES": SimpleLazyObject(lambda: import_string("cooperation.core.api.schema.enum_names")()),
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cooperation.core.api.schema.add_problem_responses",
        "cooperation.core.api.schema.anonymous_first",
        "cooperation.core.api.schema.add_examples",
    ],
}

# Anyone may read the API from any origin, without credentials.
CORS_URLS_REGEX = r"^/(api/.*|data/records\.zip)$"  # the API and the bulk download, from any origin
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
# POST and PATCH: partners' proposals (with a token; no cookie is ever sent, so no other site acts as a user).
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PATCH"]
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "if-none-match",
    "if-modified-since",
    "if-match",
    "idempotency-key",
]
CORS_EXPOSE_HEADERS = [
    "Idempotent-Replayed",
    "ETag",
    "Last-Modified",
    "Link",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]

# Logs on standard error, each record with the id of the request it was written in (X-Request-ID):
# LOG_FORMAT=json writes one JSON object a line (python-json-logger), for a log collector; text reads
# better in a terminal. A request slower than SLOW_REQUEST_SECONDS, and a query slower than
# SLOW_QUERY_SECONDS, is logged as a warning (cooperation/core/web/operations.py).
LOG_FORMAT = env("LOG_FORMAT", default="text")
SLOW_REQUEST_SECONDS = env.float("SLOW_REQUEST_SECONDS", default=1.0)
SLOW_QUERY_SECONDS = env.float("SLOW_QUERY_SECONDS", default=0.3)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cooperation.core.web.operations.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; its warnings (failures, lock-outs) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Metrics for Prometheus at /metrics (django-prometheus): for staff signed in, or for a scraper that
# connects to an app server directly from one of these addresses (none by default: behind nginx every
# request comes from the proxy's address, and nginx refuses /metrics). Anyone else gets 404. With several
# worker processes, PROMETHEUS_MULTIPROC_DIR (set by deploy/gunicorn.conf.py) sums their figures.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])

# Errors to an error tracker (Sentry or a compatible service) when SENTRY_DSN is set; nothing is sent
# otherwise, and never personal data (no cookies, no user names, no addresses).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        environment=env("SENTRY_ENVIRONMENT", default="production"),
    )

# Backups (`manage.py backup`, `manage.py restore`; docs/operations.md): where `backup` writes them, and how
# many of them it keeps there (the oldest beyond that are removed after each new one).
BACKUP_DIR = env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups"))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
