"""Import and export of records (django-import-export): one resource per main model, built the same
way for all.

Columns are the model's own fields; a link to another record is that record's slug (several slugs,
separated by "|", for many), so a spreadsheet reads "baku", not 17. Rows are matched to records by
slug: a known slug updates its record, a new one creates a record. Each row is validated like an
admin save; a file with any bad row imports nothing and shows the rows at fault. The UUID and the
publication status are exported but never imported: identity is permanent, and publishing is a
reviewer's decision, so imported records stay drafts until a reviewer publishes them.
"""

import functools

from django.db import models
from import_export import fields, resources, widgets

NOT_EXCHANGED = {"id", "search_key", "version", "created_at", "updated_at"}
EXPORTED_ONLY = ("uuid", "publication_status")


@functools.cache
def record_resource(model):
    """The import-export resource of a record model with a slug."""
    declared = {}
    names = []
    for field in model._meta.get_fields():
        if not (field.concrete or field.many_to_many) or field.auto_created or field.name in NOT_EXCHANGED:
            continue
        names.append(field.name)
        if field.many_to_many:
            widget = widgets.ManyToManyWidget(field.related_model, separator="|", field="slug")
            declared[field.name] = fields.Field(attribute=field.name, column_name=field.name, widget=widget)
        elif isinstance(field, models.ForeignKey):
            widget = widgets.ForeignKeyWidget(field.related_model, field="slug")
            declared[field.name] = fields.Field(attribute=field.name, column_name=field.name, widget=widget)
        elif field.name in EXPORTED_ONLY:
            declared[field.name] = fields.Field(attribute=field.name, column_name=field.name, readonly=True)
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": names,
            "export_order": names,
            "import_id_fields": ("slug",),
            "clean_model_instances": True,
            "skip_unchanged": True,
            "report_skipped": True,
        },
    )
    return type(f"{model.__name__}Resource", (resources.ModelResource,), {**declared, "Meta": meta})
