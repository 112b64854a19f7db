"""System checks of the registry (`manage.py check`): every record type is registered with all
that the rest of the system needs, so that a forgotten piece fails at start-up, not in production."""

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
    viewset_model = getattr(getattr(record_type.viewset, "serializer_class", None), "Meta", None)
    if viewset_model is not None and getattr(viewset_model, "model", model) is not model:
        problems.append("has a viewset whose serializer is for another model")
    return problems


def seed_order_problems() -> list[str]:
    """A fixture section refers only to sections loaded before it."""
    order = {model: position for model, _section, position in registry.seeded()}
    problems = []
    for model, _section, position in registry.seeded():
        for field in model._meta.get_fields():
            target = field.related_model if field.is_relation and not field.auto_created else None
            if target in order and target is not model and order[target] >= position:
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
    return errors
