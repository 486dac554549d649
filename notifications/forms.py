from django import forms

from notifications import kinds
from notifications.models import Frequency


class EmailSettingsForm(forms.Form):
    """One choice per kind of notification: e-mail at once, in the daily digest, or never."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.emailed_kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current[kind.key],
                widget=forms.RadioSelect,
            )
