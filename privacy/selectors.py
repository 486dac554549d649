"""What the privacy pages read."""

from django.utils import timezone

from privacy.models import DataExport
from privacy.registry import all_entries


def export_state(*, user, now=None) -> dict:
    """The person's export as the "My data" page shows it: none, pending, ready, expired or
    failed, with the export itself."""
    now = now or timezone.now()
    export = DataExport.objects.filter(user=user).first()
    if export is None:
        state = "none"
    elif export.status == DataExport.Status.READY:
        state = "ready" if export.is_available(now) else "expired"
    else:
        state = export.status
    return {"export": export, "state": state}


def statement_entries() -> list[dict]:
    """Every kind of personal data the platform keeps, for the privacy page."""
    return [
        {
            "key": entry.key,
            "label": entry.label,
            "what": entry.what,
            "why": entry.why,
            "kept": entry.kept(),
        }
        for entry in all_entries()
    ]
