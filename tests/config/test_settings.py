import importlib
import secrets
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

PRODUCTION = "config.settings.production"


def import_production_settings():
    sys.modules.pop(PRODUCTION, None)
    return importlib.import_module(PRODUCTION)


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "records.example.org")
    yield monkeypatch
    sys.modules.pop(PRODUCTION, None)


def test_production_settings_refuse_to_start_without_a_secret_key(production_env):
    production_env.setenv("SECRET_KEY", "")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        import_production_settings()


def test_production_settings_refuse_to_start_without_allowed_hosts(production_env):
    production_env.setenv("ALLOWED_HOSTS", "")
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        import_production_settings()


def test_production_settings_are_hardened(production_env):
    settings = import_production_settings()
    assert settings.DEBUG is False
    assert settings.ALLOWED_HOSTS == ["records.example.org"]
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE
    assert "cooperation.core.web.middleware.AtomicWritesMiddleware" in settings.MIDDLEWARE


def test_postgres_url_enables_persistent_health_checked_connections(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://records@db.internal:5432/records")
    sys.modules.pop("config.settings.base", None)
    try:
        base = importlib.import_module("config.settings.base")
        database = base.DATABASES["default"]
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert database["NAME"] == "records"
        assert database["CONN_HEALTH_CHECKS"] is True
        assert database["CONN_MAX_AGE"] == 60
        assert database["OPTIONS"]["options"] == "-c jit=off"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        sys.modules.pop("config.settings.base", None)
        importlib.import_module("config.settings.base")


def test_deploy_check_passes_with_production_settings(production_env, settings):
    production = import_production_settings()
    for name in dir(production):
        if name.isupper() and name not in {"DATABASES", "INSTALLED_APPS", "STORAGES"}:
            setattr(settings, name, getattr(production, name))
    # Raises SystemCheckError on any warning.
    call_command("check", deploy=True, fail_level="WARNING")


@pytest.mark.django_db
def test_postgresql_compiles_no_plan_just_in_time():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
