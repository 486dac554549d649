"""The README's backup and restore walk-through, run for real: back up a database with content and
files, restore into a fresh database and folder, and compare every table's row count."""

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from cooperation import services
from cooperation.models import Group
from tests.cooperation.conftest import upload
from tests.factories import UserFactory

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backups are of PostgreSQL (DATABASE_URL)"
    ),
    pytest.mark.skipif(
        not shutil.which("pg_dump") or not shutil.which("pg_restore"),
        reason="needs PostgreSQL's client programs pg_dump and pg_restore",
    ),
]


def _url(name: str) -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgresql://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def fresh_database():
    name = f"kp_restore_{uuid.uuid4().hex[:10]}"
    admin_url = _url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # pg_dump must see committed rows
def test_a_backup_restores_into_a_fresh_database_with_every_row_and_file(fresh_database, tmp_path):
    owner = UserFactory(email="secretaris@bibliotheek.test")
    group = services.group_create(
        owner=owner, name="Stuurgroep", visibility=Group.Visibility.SECRET
    )
    document = services.document_upload(
        group=group,
        uploaded=upload("verslag.txt", b"Verslag van de stuurgroep\n", "text/plain"),
        title="Verslag",
        by=owner,
    )
    stored_name = document.current_version.file.file.name
    backup, restored_media = tmp_path / "backup", tmp_path / "media-restored"
    source_url = _url(connection.settings_dict["NAME"])

    subprocess.run(
        [DEPLOY / "backup.sh", backup],
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": source_url,
            "MEDIA_ROOT": settings.MEDIA_ROOT,
        },
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [DEPLOY / "restore.sh", backup],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": fresh_database, "MEDIA_ROOT": restored_media},
        check=True,
        capture_output=True,
    )
    compared = subprocess.run(
        [sys.executable, DEPLOY / "compare_counts.py", source_url, fresh_database],
        capture_output=True,
        text=True,
    )

    assert compared.returncode == 0, compared.stdout
    assert "0 differ" in compared.stdout
    with psycopg.connect(fresh_database) as restored:
        titles = restored.execute("SELECT title FROM cooperation_document").fetchall()
    assert titles == [("Verslag",)]
    assert (restored_media / stored_name).read_bytes() == b"Verslag van de stuurgroep\n"


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"not a dump")
    (backup / "media.tar.gz").write_bytes(b"")
    (backup / "SHA256SUMS").write_text(
        "0" * 64 + "  database.dump\n" + "0" * 64 + "  media.tar.gz\n"
    )
    result = subprocess.run(
        [DEPLOY / "restore.sh", backup],
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": "postgresql:///unused",
            "MEDIA_ROOT": tmp_path / "m",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert not (tmp_path / "m").exists()
