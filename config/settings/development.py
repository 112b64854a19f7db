"""Local development: DEBUG on, SQLite unless DATABASE_URL says otherwise, served on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A development-only key, used only when SECRET_KEY is unset; production refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
