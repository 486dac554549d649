"""How our models' values read in the Wagtail admin: booleans as "Ja"/"Nee" rather than
"True"/"False" (listings, inspect views, spreadsheet exports), and times in exports in the site's
time zone. Used by the apps' wagtail_hooks.py; the inspect views' display is registered in
portal/wagtail_hooks.py."""

import datetime

from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.ui.fields import BaseFieldDisplay
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView


def yes_no(value) -> str:
    if value is None:
        return "—"
    return capfirst(gettext("yes") if value else gettext("no"))


class YesNoColumn(Column):
    """A boolean field (or anything true or false: a date that may be empty) as Ja / Nee."""

    def get_value(self, instance):
        return yes_no(bool(super().get_value(instance)))


class YesNoDisplay(BaseFieldDisplay):
    def render_html(self, parent_context=None):
        return format_html("{}", yes_no(self.value))


def _export_time(value: datetime.datetime) -> str:
    # Sortable in a spreadsheet, and the time the editors live in rather than UTC.
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ExportIndexView(IndexView):
    """An index view whose CSV and Excel exports write Ja/Nee and local times."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        bool: {IndexView.FORMAT_CSV: yes_no, IndexView.FORMAT_XLSX: yes_no},
        datetime.datetime: {
            IndexView.FORMAT_CSV: _export_time,
            IndexView.FORMAT_XLSX: lambda value: (
                timezone.make_naive(value) if timezone.is_aware(value) else value
            ),
        },
    }
