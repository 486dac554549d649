"""Uploaded files live under MEDIA_ROOT, but no file of a person or group is reachable by its
storage path: only Wagtail's image renditions (speaker photos) are public there."""

import pytest
from django.conf import settings

from cooperation import services
from cooperation.models import Group
from tests.cooperation.conftest import upload

pytestmark = pytest.mark.django_db


def test_a_secret_groups_file_is_not_served_from_its_storage_path(
    client, make_group, group_owner, outsider
):
    group = make_group(Group.Visibility.SECRET, name="Geheime stuurgroep")
    document = services.document_upload(
        group=group,
        uploaded=upload("begroting.txt", b"Geheime begroting\n", "text/plain"),
        title="Begroting",
        by=group_owner,
    )
    path = document.current_version.file.file.name
    assert (settings.MEDIA_ROOT / path).exists()

    client.force_login(outsider)
    response = client.get(f"{settings.MEDIA_URL}{path}")

    assert response.status_code == 404
    assert b"Geheime begroting" not in b"".join(getattr(response, "streaming_content", [b""]))


def test_image_renditions_are_public(client):
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spreker.fill-96x96.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get(f"{settings.MEDIA_URL}images/spreker.fill-96x96.png")
    assert response.status_code == 200


def test_a_secret_groups_file_is_not_served_by_wagtails_document_view(
    client, make_group, group_owner, outsider
):
    group = make_group(Group.Visibility.SECRET, name="Geheime stuurgroep")
    document = services.document_upload(
        group=group,
        uploaded=upload("begroting.txt", b"Geheime begroting\n", "text/plain"),
        title="Begroting",
        by=group_owner,
    )
    stored = document.current_version.file
    for person in (None, outsider):
        if person:
            client.force_login(person)
        response = client.get(stored.url)
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"Geheime begroting" not in body


def test_no_climbing_out_of_the_image_folder(client):
    response = client.get(f"{settings.MEDIA_URL}images/..%2F..%2Fdb.sqlite3")
    assert response.status_code in (400, 404)  # refused as suspicious, or not found
