import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cooperation.core.citations import Citation
from cooperation.models import Organisation
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

RECORD_APPS = {"cooperation", "people", "events"}
READ_ONLY = {"Proposal"}  # partners' proposals, kept as they came: reviewers act in the review queue
PRODUCT_MODELS = [model for model in admin.site._registry if model._meta.app_label in RECORD_APPS]


def test_every_model_of_the_product_is_in_the_admin():
    names = {model.__name__ for model in PRODUCT_MODELS}
    assert names == {
        "AlternateName",
        "Citation",
        "Event",
        "Initiative",
        "InitiativeParty",
        "Organisation",
        "OrganisationRelation",
        "Participation",
        "PartnerToken",
        "Person",
        "Place",
        "Position",
        "Post",
        "Proposal",
        "Source",
    }


@pytest.mark.parametrize("model", PRODUCT_MODELS, ids=lambda model: model.__name__)
def test_admin_list_and_add_pages_open_for_every_model(admin_client, model):
    CitationFactory(record=EventFactory(title="Listed event"))
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "a"})
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert changelist.status_code == 200
    if model.__name__ in READ_ONLY:
        assert f"Select {opts.verbose_name} to view" in changelist.content.decode()
        assert add.status_code == 403
        return
    assert f"Select {opts.verbose_name} to change" in changelist.content.decode()
    assert add.status_code == 200
    assert f"Add {opts.verbose_name}" in add.content.decode()


def test_admin_search_finds_an_organisation_by_its_alternate_name(admin_client):
    icesco = OrganisationFactory(name="Islamic World Educational, Scientific and Cultural Organization")
    AlternateNameFactory(record=icesco, name="ICESCO", kind="acronym")
    OrganisationFactory(name="Heydar Aliyev Foundation")

    response = admin_client.get(reverse("admin:cooperation_organisation_changelist"), {"q": "ICESCO"})

    results = response.context["cl"].result_list
    assert list(results) == [icesco]


def test_admin_refuses_a_citation_whose_quote_is_not_in_the_source(admin_client):
    source = SourceFactory(text="The press conference was held in Baku.")
    event = EventFactory()

    response = admin_client.post(
        reverse("admin:cooperation_citation_add"),
        {
            "source": source.pk,
            "content_type": ContentType.objects.get_for_model(event).pk,
            "object_id": event.pk,
            "field": "",
            "quote": "The press conference was held in Ganja.",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "This passage is not in the source&#x27;s text word for word." in response.content.decode()
    assert not Citation.objects.exists()


def test_admin_explains_instead_of_deleting_an_organisation_that_has_posts(admin_client):
    ministry = OrganisationFactory(name="Ministry of Culture")
    PostFactory(organisation=ministry, title="Minister of Culture")

    response = admin_client.post(reverse("admin:cooperation_organisation_delete", args=[ministry.pk]), {"post": "yes"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in body
    assert "Minister of Culture" in body
    assert Organisation.objects.filter(pk=ministry.pk).exists()
