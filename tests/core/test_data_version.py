"""The data version (the API's Last-Modified) moves on with every write, once per bulk change, and
never runs ahead of the clock."""

import datetime as dt

import pytest
from django.utils import timezone

from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion
from cooperation.models import Place
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_a_write_moves_the_data_version_on():
    before = DataVersion.current()
    PlaceFactory()
    assert DataVersion.current() > before


def test_unpublishing_many_records_moves_the_data_version_once():
    """One move a record would put Last-Modified seconds ahead of the clock (one second a write)."""
    PlaceFactory.create_batch(12)
    DataVersion.bump()
    before = DataVersion.current()

    result = set_publication(Place.objects.all(), PublicationStatus.DRAFT)

    assert len(result.changed) == 12
    assert not Place.objects.published().exists()
    assert DataVersion.current() <= max(before, timezone.now().replace(microsecond=0)) + dt.timedelta(seconds=1)
