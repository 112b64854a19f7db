"""System checks of the registry (`manage.py check`): every record type is registered with all
that the rest of the system needs, so that a forgotten piece fails at start-up, not in production."""

from collections import Counter

from django.apps import apps
from django.core import checks
from django.urls import NoReverseMatch, reverse

from cooperation.core.records import PublicRecord, Record
from cooperation.core.registry import RecordType, registry


def record_type_problems(record_type: RecordType) -> list[str]:
    """What a registered type lacks, in words; empty when it is complete."""
    model = record_type.model
    problems = []
    if not hasattr(model, "history"):
        problems.append("keeps no history (HistoricalRecords)")
    if issubclass(model, Record) and record_type.seed is None:
        problems.append("has no seed section (Seed(section=...) or Seed(nested_in=...))")
    if issubclass(model, PublicRecord):
        problems += _page_type_problems(record_type)
    elif record_type.is_page_type:
        problems.append("has a position among page types but no page: it is not a PublicRecord")
    return problems


def _page_type_problems(record_type):
    model, problems = record_type.model, []
    if not record_type.is_page_type:
        return ["is a PublicRecord but has no position among the page types"]
    for attribute in ("api_prefix", "viewset", "list_url", "label", "search_queryset"):
        if not getattr(record_type, attribute):
            problems.append(f"has no {attribute}")
    if record_type.seed is not None and not record_type.seed.section:
        problems.append("is a page type whose seed has no section of its own")
    if not model.search_fields:
        problems.append("has no search_fields")
    urls: list[tuple[str, dict[str, str] | None]] = [
        (f"{model._meta.app_label}:{model._meta.model_name}-detail", {"slug": "any"})
    ]
    urls += [(f"api:{record_type.api_basename}-list", None)]
    urls += [(name, None) for name in (record_type.list_url, *record_type.pages) if name]
    for name, kwargs in urls:
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            problems.append(f"has no URL named {name}")
    serializer_meta = getattr(getattr(record_type.viewset, "serializer_class", None), "Meta", None)
    if serializer_meta is not None and getattr(serializer_meta, "model", model) is not model:
        problems.append("has a viewset whose serializer is for another model")
    if f"publish_{model._meta.model_name}" not in {codename for codename, _name in model._meta.permissions}:
        problems.append(f"has no publish_{model._meta.model_name} permission in its Meta.permissions")
    if record_type.search_queryset is not None:
        try:
            str(record_type.search_queryset().query)
        except Exception as error:  # any error here would be a 500 on the site search
            problems.append(f"has a search_queryset that fails: {error!r}")
    return problems


def registry_problems() -> list[str]:
    """Record types left out of the registry, and what two types would share."""
    problems = [
        f"{model._meta.label} is a record but is not registered (its app's records.py)"
        for model in apps.get_models()
        if issubclass(model, Record) and model not in registry
    ]
    page_types = registry.page_types()
    shared: dict[str, Counter[object]] = {
        "API prefix": Counter(t.api_prefix for t in page_types),
        "position": Counter(t.position for t in page_types),
        "seed section": Counter(section for _model, section, _order in registry.seeded()),
    }
    for what, counts in shared.items():
        problems += [f"Two record types have the {what} {value!r}" for value, count in counts.items() if count > 1]
    return problems


def seed_order_problems() -> list[str]:
    """A fixture section refers only to sections loaded before it; a nested list (an event's
    participants) only to its parent and to sections loaded before its parent's."""
    order = {model: position for model, _section, position in registry.seeded()}
    loaded = [(model, position, model) for model, _section, position in registry.seeded()]
    loaded += [
        (t.model, order[t.seed.nested_in[0]], t.seed.nested_in[0])
        for t in registry
        if t.seed and t.seed.nested_in and t.seed.nested_in[0] in order
    ]
    problems = []
    for model, position, home in loaded:
        for field in model._meta.get_fields():
            target = field.related_model if field.is_relation and not field.auto_created else None
            if target in order and target not in (model, home) and order[target] >= position:
                problems.append(
                    f"{model._meta.label}.{field.name} refers to {target._meta.label}, "
                    "whose seed section is not loaded before it"
                )
    return problems


@checks.register("registry")
def check_registry(app_configs=None, **kwargs):
    errors = [
        checks.Error(f"{record_type.model._meta.label} {problem}.", id="registry.E001", obj=record_type.model)
        for record_type in registry
        for problem in record_type_problems(record_type)
    ]
    errors += [checks.Error(f"{problem}.", id="registry.E002") for problem in seed_order_problems()]
    errors += [checks.Error(f"{problem}.", id="registry.E003") for problem in registry_problems()]
    return errors
