"""The bare view's server: the production settings with one URL (bench/bare.py) and no middleware.

It is the ceiling the API is measured against: Django, one raw SQL query whose JSON the database
builds, returned as is. It is never part of the product: only the benchmark serves these settings.
"""

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare"
MIDDLEWARE: list[str] = []
