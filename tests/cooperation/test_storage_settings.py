"""Storage and the reverse-proxy hand-off are chosen by configuration."""

import os
import subprocess
import sys
from pathlib import Path

from cooperation import services
from tests.cooperation.conftest import upload

ROOT = Path(__file__).resolve().parents[2]


def test_s3_bucket_in_the_environment_switches_uploaded_files_to_s3_storage():
    code = (
        "import django; django.setup()\n"
        "from django.core.files.storage import storages\n"
        "storage = storages['default']\n"
        "print(type(storage).__name__, storage.bucket_name, storage.file_overwrite)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "S3_BUCKET": "kp-files"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["S3Storage", "kp-files", "False"], result.stderr


def test_with_accel_redirect_nginx_sends_the_bytes_after_the_permission_check(
    client, working_group, group_owner, outsider, settings
):
    settings.COOPERATION_ACCEL_REDIRECT = "/protected-files/"
    document = services.document_upload(
        group=working_group, uploaded=upload("verslag.txt", b"inhoud"), by=group_owner
    )
    url = document.current_version.get_download_url()
    client.force_login(group_owner)
    response = client.get(url)
    name = document.current_version.file.file.name
    assert response["X-Accel-Redirect"] == f"/protected-files/{name}"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response
