"""The API's JSON is written by orjson (cooperation.core.api.renderers.JSONRenderer) and comes out byte for
byte as DRF's JSONRenderer wrote it: key order, unescaped UTF-8 but U+2028 and U+2029, dates, times
("Z" for UTC), decimals, UUIDs, lazy translations, query sets; indented answers and what orjson
refuses are DRF's own."""

import dataclasses
import datetime as dt
import decimal
import uuid
import zoneinfo
from collections import OrderedDict

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from cooperation.core.api.renderers import JSONRenderer
from cooperation.core.dates import DatePrecision
from events.models import Event
from tests.factories import EventFactory

BAKU = zoneinfo.ZoneInfo("Asia/Baku")


@dataclasses.dataclass
class Point:
    x: int


VALUES = {
    "ascii": {"title": "Opening", "slug": "opening"},
    "key order": {"z": 1, "a": 2, "m": {"b": 1, "a": 2}},
    "unicode": {"name": "Qafar-zadə «Heydər» العربية Русский 😀 \u00e9"},
    "line separators": {"text": "one\u2028two\u2029three"},
    "escapes": {"text": 'quote " backslash \\ slash / tab \t newline \n nul \x00 \x1f \x7f <script>&'},
    "numbers": {
        "int": 12,
        "negative": -3,
        "big": 2**63 - 1,
        "float": 40.409264,
        "zero": 0.0,
        "bool": True,
        "none": None,
    },
    "past 64 bits": {"huge": 2**70},
    "decimals": {
        "latitude": decimal.Decimal("40.409264"),
        "tiny": decimal.Decimal("0.000050"),
        "int": decimal.Decimal("3"),
    },
    "dates": {"date": dt.date(2021, 1, 14), "time": dt.time(9, 30, 15, 120)},
    "datetimes": {
        "utc": dt.datetime(2024, 1, 10, 9, 30, tzinfo=dt.UTC),
        "baku": dt.datetime(2024, 1, 10, 9, 30, 1, 5, tzinfo=BAKU),
        "naive": dt.datetime(2024, 1, 10, 9, 30),  # noqa: DTZ001  (what DRF's encoder writes for one)
    },
    "timedelta": {"duration": dt.timedelta(hours=1, seconds=3)},
    "uuid": {"id": uuid.UUID("b6fdb1d0-6cf0-5405-b9e6-27bfa7da15f7")},
    "lazy translation": {"label": gettext_lazy("Events"), "choice": DatePrecision.DAY},
    "containers": {"tuple": (1, 2), "ordered": OrderedDict([("b", 1), ("a", 2)]), "set-like": frozenset()},
    "drf containers": ReturnDict({"results": ReturnList([{"a": 1}], serializer=None)}, serializer=None),
    "non-string keys": {1: "one", None: "none", False: "false", 2.5: "float"},
    "dataclass": {"point": Point(1)},
    "bytes": {"raw": b"bytes"},
    "list at the top": [1, "two", None],
    "string at the top": "just text",
    "empty": {},
}


def render(renderer, data, accepted_media_type="application/json", context=None):
    return renderer.render(data, accepted_media_type, context or {})


@pytest.mark.parametrize("data", VALUES.values(), ids=VALUES.keys())
def test_orjson_writes_the_bytes_drf_wrote(data):
    try:
        expected = render(DRFJSONRenderer(), data)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)):
            render(JSONRenderer(), data)
        return

    assert render(JSONRenderer(), data) == expected


def test_line_and_paragraph_separators_are_escaped_as_drf_escapes_them():
    assert render(JSONRenderer(), {"text": "a\u2028b\u2029c"}) == b'{"text":"a\\u2028b\\u2029c"}'


def test_no_data_is_an_empty_body():
    assert render(JSONRenderer(), None) == b""


@pytest.mark.parametrize("media_type", ["application/json; indent=2", "application/json; indent=4"])
def test_an_indented_answer_is_drfs_own(media_type):
    data = {"a": [1, {"b": "c"}], "d": dt.date(2021, 1, 14)}

    assert render(JSONRenderer(), data, media_type) == render(DRFJSONRenderer(), data, media_type)
    assert b"\n" in render(JSONRenderer(), data, media_type)


def test_a_queryset_is_written_as_a_list(db):
    EventFactory(slug="one")
    data = {"slugs": Event.objects.values_list("slug", flat=True)}

    assert render(JSONRenderer(), data) == render(DRFJSONRenderer(), data) == b'{"slugs":["one"]}'


def test_not_a_number_is_refused_as_drf_refuses_it():
    for renderer in (JSONRenderer(), DRFJSONRenderer()):
        with pytest.raises(ValueError, match="JSON compliant"):
            render(renderer, {"nan": decimal.Decimal("NaN")})


def test_the_api_answers_with_it(api, db):
    EventFactory(slug="opening", title="Opening «Bakı» \u2028")

    response = api.get("/api/v1/events/opening/")

    assert type(response.accepted_renderer) is JSONRenderer
    assert response.content == render(DRFJSONRenderer(), response.data)
    assert "Opening «Bakı» \\u2028".encode() in response.content
