"""The fixtures of the tests of partners' proposals: a partner whose token may propose, a source to
quote, a published place and meeting."""

import pytest

from cooperation.core.roles import EDITORS
from cooperation.core.tokens import TokenScope
from tests.factories import EventFactory, PartnerTokenFactory, PlaceFactory, SourceFactory, StaffFactory


@pytest.fixture
def portal(db):
    """The ministry portal's account, an editor, and its token that may propose."""
    account = StaffFactory(username="ministry-portal", groups=[EDITORS])
    return PartnerTokenFactory(partner="Ministry portal", scope=TokenScope.PROPOSE, proposes_as=account)


@pytest.fixture
def source(db):
    return SourceFactory(
        slug="press-release", text="ICESCO and Azerbaijan held a seminar in Baku in May 2025. It was long."
    )


@pytest.fixture
def baku(db):
    return PlaceFactory(name="Baku", slug="baku")


@pytest.fixture
def meeting(db):
    return EventFactory(title="Meeting in Baku", slug="meeting", description="As reported.")
