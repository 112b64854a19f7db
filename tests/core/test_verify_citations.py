import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from tests.factories import CitationFactory, EventFactory, ParticipationFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db


def run_verify_citations():
    """Run the command as `manage.py verify_citations` does; return its exit code."""
    try:
        ManagementUtility(["manage.py", "verify_citations"]).execute()
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_verify_citations_passes_on_clean_data(capsys):
    source = SourceFactory()
    event = EventFactory()
    CitationFactory(source=source, record=event)
    participation = ParticipationFactory(event=event, person=PersonFactory())
    CitationFactory(source=source, record=participation)
    CitationFactory(source=source, record=participation.person)

    assert run_verify_citations() == 0
    assert "OK: 3 citations verbatim" in capsys.readouterr().out


def test_verify_citations_reports_a_planted_misquote_and_exits_non_zero(capsys):
    citation = CitationFactory(record=EventFactory())
    # A change that bypasses validation, as a raw import or a database edit could.
    Citation.objects.filter(pk=citation.pk).update(quote="ICESCO opened an office on the Moon.")

    assert run_verify_citations() == 1
    captured = capsys.readouterr()
    assert f"misquoted: citation {citation.pk}: “ICESCO opened an office on the Moon.”" in captured.out
    assert citation.source.reference in captured.out
    assert "1 problem(s)" in captured.err


def test_verify_citations_reports_published_records_without_citations():
    cited = EventFactory(title="Cited meeting")
    CitationFactory(record=cited)
    EventFactory(title="Uncited meeting", slug="uncited-meeting")
    EventFactory(title="Uncited draft", publication_status=PublicationStatus.DRAFT)
    uncited_participation = ParticipationFactory(event=cited, person=None, name="ambassadors")

    output = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("verify_citations", stdout=output)

    lines = output.getvalue().splitlines()
    assert "uncited: event uncited-meeting (Uncited meeting) is published with no published citation" in lines
    assert any(line.startswith("uncited: participation") and str(uncited_participation.uuid) in line for line in lines)
    assert not any("Uncited draft" in line for line in lines)
    assert not any("(Cited meeting)" in line for line in lines)
    assert "2 problem(s)" in str(error.value)


def test_verify_citations_reports_a_citation_of_a_missing_record():
    citation = CitationFactory(record=EventFactory())
    Citation.objects.filter(pk=citation.pk).update(object_id=987654)

    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_citations", stdout=output)

    assert f"dangling: citation {citation.pk} cites a missing record" in output.getvalue()
