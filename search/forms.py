from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import MAX_QUERY_LENGTH, Filters
from search.sources import BY_KIND


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH)
    # A callable: the kinds are registered by the apps' search.py (search/sources.py), which may
    # run after this module is imported.
    type = forms.ChoiceField(
        required=False, choices=lambda: [("", "")] + [(kind, kind) for kind in BY_KIND]
    )
    group = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    topic = forms.SlugField(required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            kind=data.get("type") or "",
            group=data.get("group"),
            year=data.get("year"),
            topic=data.get("topic") or "",
        )

    def querystring(self, **changes) -> str:
        """The current search with some parameters changed (None removes one); for facet links."""
        data = {
            key: value
            for key, value in (getattr(self, "cleaned_data", {}) or {}).items()
            if value not in (None, "")
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return urlencode(data)
