"""The test suite: development settings with a fast password hasher and no DEBUG."""

import os

from .development import *  # noqa: F403
from .development import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Tests render templates without running collectstatic first.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "bulk_data": STORAGES["bulk_data"],  # noqa: F405  (its tests point it at a temporary directory)
}
# Always the database cache, rolled back with each test, whatever REDIS_URL says: rate-limit counts
# never carry over from one test to the next.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_entries"}}
# The response cache and the limits of expensive answers read and write that cache on every request they
# apply to: rows of the database here, which the tests counting a page's queries do not expect. Off
# unless the environment turns them on (RESPONSE_CACHE=on, SEARCH_RATE=...); their own tests turn them
# on (tests/core/test_response_cache.py, test_expensive_rate_limits.py).
RESPONSE_CACHE = env.bool("RESPONSE_CACHE", default=False)
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
        "search": env("SEARCH_RATE", default=None),
        "export": env("EXPORT_RATE", default=None),
        "facets": env("FACETS_RATE", default=None),
    },
}

# Serve static files straight from the app folders, as development does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# On SQLite, the test database is a file, not the in-memory default: the browser tests' live server
# answers several requests at once (an autocomplete while a page loads), each on its own connection,
# as in production; an in-memory database would be one connection shared by all its threads. One
# file per test process (the file is deleted at the end), so that runs side by side never share one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
SITE_URL = "http://testserver"  # the addresses in problems and the bulk download, as the test client sees them
