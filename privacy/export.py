"""The "My data" archive: one JSON file per kind of personal data (privacy/registry.py), each
describing its own keys, a README in the person's language, and their files under files/.

Stored, not compressed: the uploads are mostly compressed already (PDF, Office files, images), the
JSON is small, and every file can be read from the archive as it is."""

import json
import logging
import re
import shutil
import zipfile
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.timezones import for_reader
from privacy.registry import PersonalData, all_entries

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)  # the person's time zone: what they saw on the site
        return super().default(o)


def _safe_path(path: str) -> str:
    """A member name that stays inside the folder it is unpacked to."""
    parts = [re.sub(r"[\\\x00-\x1f]", "_", part).lstrip(".") for part in path.split("/")]
    return "/".join(part or "_" for part in parts)


def _section(entry: PersonalData, items: list[dict]) -> dict:
    return {
        "about": str(entry.label),
        "what": str(entry.what),
        "why": str(entry.why),
        "kept": entry.kept(),
        "keys": {key: str(meaning) for key, meaning in entry.fields.items()},
        "items": items,
    }


def write_export(user, handle) -> None:
    """Writes the person's archive to the binary file `handle`, in the active language and the
    person's time zone."""
    with for_reader(user):
        _write_export(user, handle)


def _write_export(user, handle) -> None:
    now = timezone.localtime()
    lines = [
        _("Your data on Kennisplein, as of %(date)s.")
        % {"date": date_format(now, "DATETIME_FORMAT")},
        "",
        _(
            "Each .json file holds one kind of data: “items” are the rows, “keys” says what "
            "each key means, “why” and “kept” say why it is kept and for how long. Files you "
            "uploaded are in the folder files/."
        ),
        "",
    ]
    missing = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for entry in all_entries():
            if entry.export is None:
                continue
            items = entry.export(user)
            archive.writestr(
                f"{entry.key}.json",
                json.dumps(_section(entry, items), cls=_Encoder, ensure_ascii=False, indent=2),
            )
            lines.append(f"{entry.key}.json: {entry.label} ({len(items)})")
            for exported in entry.files(user) if entry.files else ():
                name = "files/" + _safe_path(exported.path)
                try:
                    with (
                        exported.open() as source,
                        archive.open(name, "w", force_zip64=True) as target,
                    ):
                        shutil.copyfileobj(source, target, CHUNK)
                except OSError:
                    logger.exception("privacy: %s could not be read for an export", name)
                    missing.append(name)
        if missing:
            lines += ["", _("These files could not be read; ask us for them:"), *missing]
        archive.writestr("README.txt", "\n".join(lines) + "\n")
