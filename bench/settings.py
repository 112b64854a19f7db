"""The app as production runs it, for the benchmark: config.settings.production, with the static
files collected under var/bench/ instead of the project's staticfiles/ (the bench never touches a
directory someone else may be using). Nothing else differs: the product's URLs, middleware, cache
and database settings all come from production and the environment.

    DJANGO_SETTINGS_MODULE=bench.settings gunicorn config.wsgi
"""

import os
from pathlib import Path

from config.settings.production import *  # noqa: F403
from config.settings.production import BASE_DIR

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "var" / "bench" / "static"))
