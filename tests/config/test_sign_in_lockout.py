"""Signing in to the staff workspace: django-axes locks an account out from an address after
AXES_FAILURE_LIMIT wrong passwords in a row (even the right password is then refused), without
locking other accounts or other addresses, until the lock is reset; and staff sessions expire.

Every sign-in goes through the admin's login view with the test client (not `client.login`), so
that django-axes sees the request as it does in production.
"""

import datetime as dt
import io
from unittest import mock

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

LOCKED = "failed sign-ins in a row for this account from this address: signing in is locked for a while."


@pytest.fixture
def editor():
    return StaffFactory(username="aysel")


@pytest.fixture
def colleague():
    return StaffFactory(username="rashad")


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(client, username, times, address="127.0.0.1"):
    return [sign_in(client, username, "wrong-password", address) for _ in range(times)]


def test_the_failure_limit_is_five():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_below_the_limit_show_the_sign_in_form_again(client, editor):
    responses = fail(client, "aysel", settings.AXES_FAILURE_LIMIT - 1)

    assert [r.status_code for r in responses] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert "Please enter the correct username and password" in responses[-1].content.decode()
    assert not signed_in(client)
    assert sign_in(client, "aysel", PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_the_limit_even_the_right_password_is_refused_with_the_lockout_page(client, editor):
    failures = fail(client, "aysel", settings.AXES_FAILURE_LIMIT)

    response = sign_in(client, "aysel", PASSWORD)

    assert failures[-1].status_code == 429  # the failure that reaches the limit already shows the lock
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert f"{settings.AXES_FAILURE_LIMIT} {LOCKED}" in page
    assert not signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302  # still sent to the sign-in page
    assert AccessAttempt.objects.get(username="aysel").failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_the_lockout_does_not_lock_another_account_from_the_same_address(client, editor, colleague):
    fail(client, "aysel", settings.AXES_FAILURE_LIMIT)

    response = sign_in(Client(), "rashad", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_lockout_does_not_lock_the_account_from_another_address(client, editor):
    fail(client, "aysel", settings.AXES_FAILURE_LIMIT, address="10.0.0.1")

    other_address = Client()
    response = sign_in(other_address, "aysel", PASSWORD, address="10.0.0.2")

    assert response.status_code == 302
    assert signed_in(other_address)
    assert sign_in(Client(), "aysel", PASSWORD, address="10.0.0.1").status_code == 429


def test_a_successful_sign_in_resets_the_count(client, editor):
    fail(client, "aysel", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "aysel", PASSWORD).status_code == 302
    client.logout()

    fail(client, "aysel", settings.AXES_FAILURE_LIMIT - 1)
    response = sign_in(client, "aysel", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_after_a_reset_the_right_password_works_again(client, editor):
    fail(client, "aysel", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "aysel", PASSWORD).status_code == 429

    removed = reset(username="aysel")
    response = sign_in(client, "aysel", PASSWORD)

    assert removed == 1
    assert response.status_code == 302
    assert signed_in(client)


def test_after_axes_reset_command_the_right_password_works_again(client, editor):
    fail(client, "aysel", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "aysel", PASSWORD).status_code == 429

    call_command("axes_reset", stdout=io.StringIO())
    response = sign_in(client, "aysel", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_lock_is_lifted_after_the_cool_off_time(client, editor):
    fail(client, "aysel", settings.AXES_FAILURE_LIMIT)
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - dt.timedelta(minutes=1))

    response = sign_in(client, "aysel", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


# --- Sessions ---------------------------------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # SessionIdleExpiryMiddleware moves the expiry on
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_its_age(client, editor):
    before = timezone.now()

    response = sign_in(client, "aysel", PASSWORD)

    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert client.session.get_expire_at_browser_close() is True
    session = Session.objects.get(session_key=cookie.value)
    age = session.expire_date - before
    assert (
        dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
        <= age
        <= dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    )


def test_a_session_unused_for_longer_than_its_age_is_signed_out(client, editor):
    sign_in(client, "aysel", PASSWORD)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_each_request_moves_the_sessions_expiry_on(client, editor):
    sign_in(client, "aysel", PASSWORD)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_a_request_that_leaves_the_session_alone_never_writes_it_back(client, editor):
    """A slow request (an autocomplete still running when a form is saved) must not put back the session
    it read at its start over what another request stored there meanwhile, such as a saved-record
    message."""
    sign_in(client, "aysel", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))
    load = SessionStore.load
    meanwhile = []

    def load_then_another_request_stores_a_message(store):
        data = load(store)
        if not meanwhile:
            meanwhile.append(True)
            other = SessionStore(session_key=key)
            other["note"] = "The event was added successfully."
            other.save()
        return data

    with mock.patch.object(SessionStore, "load", load_then_another_request_stores_a_message):
        response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert meanwhile
    stored = SessionStore(session_key=key)
    assert stored["note"] == "The event was added successfully."
    assert "_auth_user_id" in stored
    # The expiry still moved on, by an update of the expiry alone.
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert remaining > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_expired_session_is_never_brought_back(client, editor):
    sign_in(client, "aysel", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    gone = timezone.now() - dt.timedelta(seconds=1)
    Session.objects.update(expire_date=gone)

    client.get("/")

    assert Session.objects.get(session_key=key).expire_date == gone


def test_a_database_too_busy_to_move_the_expiry_on_still_gets_the_answer_out(client, editor, caplog):
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    sign_in(client, "aysel", PASSWORD)
    update = QuerySet.update

    def locked(queryset, **values):
        if queryset.model is Session and set(values) == {"expire_date"}:
            raise OperationalError("database is locked")
        return update(queryset, **values)

    with mock.patch.object(QuerySet, "update", locked):
        response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "could not be moved on" in caplog.text
