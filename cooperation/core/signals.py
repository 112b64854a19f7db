"""The data version's signal: every write to a record, whatever path it takes (admin, import, seed,
command, shell), moves the data version on. The API's Last-Modified, its 304s and caches key on it, so a
write that escaped it would serve stale answers.

What else a change does is done by named functions its write paths call (cooperation.core.parts).
Receivers are connected per registered model (see `watch`), so other models keep Django's fast
bulk deletes.
"""

import uuid

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from cooperation.core import changes, revisions, vocabulary
from cooperation.core.records import PublicRecord
from cooperation.core.roles import sync_roles
from cooperation.core.versioning import DataVersion


def stamp_changeset(sender, history_instance, **kwargs):
    """A history row names the changeset it belongs to: the request writing it (one id a request)."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        if not hasattr(request, "changeset"):
            request.changeset = uuid.uuid4()
        history_instance.changeset = request.changeset


pre_create_historical_record.connect(stamp_changeset, dispatch_uid="changeset")


def data_changed(sender, **kwargs):
    DataVersion.bump()


def watch(model):
    """Connect `data_changed` to every write to `model` and to its many-to-many links, and note its
    writes in a revision's trial (cooperation.core.revisions) and, for a page type's records, in the
    change feed (cooperation.core.changes)."""
    revisions.track(model)
    if issubclass(model, PublicRecord):
        changes.follow(model)  # the change feed's entries
    for signal in (post_save, post_delete):
        signal.connect(data_changed, sender=model, dispatch_uid="data-changed")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(data_changed, sender=field.remote_field.through, dispatch_uid="data-changed")


def migrated(sender, **kwargs):
    """After every migrate (Django's post_migrate): a deploy's new models join the roles, and a
    database from before the search words gets its words."""
    DataVersion.bump()  # a deploy may change what responses hold
    sync_roles()  # new models get their permissions in each role
    words = vocabulary.SearchWord._meta.db_table
    if words in connection.introspection.table_names() and not vocabulary.SearchWord.objects.exists():
        vocabulary.rebuild()  # (a migration back to before the words leaves no table to fill)
