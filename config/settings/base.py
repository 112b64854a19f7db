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
    "cooperation",
    "people",
    "events",
]

# Order matters: the security and CSP middleware come before WhiteNoise so that static files
# carry the same security headers as pages.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: refuses sign-ins from a locked-out user or address.
    "axes.middleware.AxesMiddleware",
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
AXES_IPWARE_PROXY_COUNT = env.int("NUM_PROXIES", default=0)
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; its warnings (failures, lock-outs) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
