"""JSON-LD in pages (cooperation.core.web.jsonld): whatever a record's text holds, it stays inside its
<script type="application/ld+json"> element. `<`, `>` and `&` are written as \\u003C, \\u003E and
\\u0026, so that a title containing `</script>` cannot close the element and start a script of its own.
"""

import json
import re

import pytest

from cooperation.core.web.jsonld import json_ld
from tests.factories import EventFactory, OrganisationFactory, PersonFactory

EVIL = "Evil </script><script>alert(1)</script>"
ESCAPED = "Evil \\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_json_ld_writes_angle_brackets_and_ampersands_as_unicode_escapes():
    written = json_ld({"name": EVIL, "note": "Culture & Science"})

    assert ESCAPED in written
    assert "Culture \\u0026 Science" in written
    assert not set(written) & set("<>&")
    assert json.loads(written) == {"name": EVIL, "note": "Culture & Science"}


def test_json_ld_keeps_other_text_as_written():
    assert json_ld({"name": "Heydər Əliyev — “Fondu”"}) == '{"name": "Heydər Əliyev — “Fondu”"}'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: EventFactory(title=EVIL), id="event"),
        pytest.param(lambda: PersonFactory(name=EVIL), id="person"),
        pytest.param(lambda: OrganisationFactory(name=EVIL), id="organisation"),
    ],
)
def test_a_name_containing_a_closing_script_tag_stays_inside_the_pages_json_ld(client, make):
    record = make()

    response = client.get(record.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    (block,) = JSON_LD.findall(page)
    assert ESCAPED in block
    assert json.loads(block)["name"] == EVIL
    # The title is shown escaped as HTML elsewhere on the page: no raw script is added anywhere.
    assert "<script>alert(1)</script>" not in page
    assert page.count("<script") == page.count("</script>")
