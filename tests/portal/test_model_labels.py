"""Every label the admin shows of our models is translatable (and test_translations.py checks
that each has its Dutch): model names, field names and choices of every app of ours."""

from django.apps import apps
from django.utils.functional import Promise

OUR_APPS = {
    "accounts",
    "learning",
    "cooperation",
    "discussions",
    "meetings",
    "live",
    "search",
    "notifications",
    "inbound",
    "privacy",
    "api",
    "webhooks",
    "portal",
}


def _inherited_from_a_library(model, field) -> bool:
    """Fields a third-party abstract base declares (Wagtail's Orderable.sort_order, taggit's
    tag, Wagtail's document fields): their labels are the library's."""
    return any(
        getattr(getattr(base, "_meta", None), "abstract", False)
        and base.__module__.split(".")[0] not in OUR_APPS
        and any(f.name == field.name for f in base._meta.local_fields)
        for base in model.__mro__[1:]
    )


def _labels():
    for config in apps.get_app_configs():
        if config.label not in OUR_APPS:
            continue
        for model in config.get_models():
            name = f"{config.label}.{model.__name__}"
            for option in ("verbose_name", "verbose_name_plural"):
                yield f"{name} Meta.{option}", model._meta.original_attrs.get(option)
            for field in model._meta.get_fields(include_parents=False):
                if field.auto_created or not field.concrete or field.model is not model:
                    continue
                if _inherited_from_a_library(model, field):
                    continue
                yield f"{name}.{field.name}", field.verbose_name
                for value, label in field.flatchoices:
                    yield f"{name}.{field.name} choice {value!r}", label


def test_every_label_of_our_models_is_translatable():
    untranslatable = [
        f"{where}: {label!r}" for where, label in _labels() if not isinstance(label, Promise)
    ]
    assert not untranslatable, "Give these gettext_lazy labels:\n" + "\n".join(untranslatable)
