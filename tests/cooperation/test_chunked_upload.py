"""Large files arrive in chunks (cooperation/staging.py), as the upload script sends them."""

from urllib.parse import quote

from django.urls import reverse

from cooperation.models import Document
from tests.cooperation import samples


def send_in_chunks(client, group, name, data, *, chunk=4096, upload_id="a" * 32):
    url = reverse("cooperation:upload_chunk", kwargs={"slug": group.slug})
    offset, answer = 0, None
    while offset < len(data) or offset == 0:
        answer = client.post(
            url,
            data[offset : offset + chunk],
            content_type="application/octet-stream",
            headers={
                "X-Upload-Id": upload_id,
                "X-Upload-Name": quote(name),
                "X-Upload-Size": str(len(data)),
                "X-Upload-Offset": str(offset),
            },
        )
        if answer.status_code != 200:
            return answer
        offset = answer.json()["received"]
        if offset >= len(data):
            break
    return answer


def test_file_sent_in_chunks_becomes_a_document_with_the_right_checksum(
    client, working_group, group_owner, settings
):
    import hashlib

    settings.COOPERATION_UPLOAD_CHUNK = 4096
    data = samples.pdf("Jaarplan") + b"%" + b"0" * 20_000
    client.force_login(group_owner)
    assert send_in_chunks(client, working_group, "jaarplan.pdf", data).status_code == 200
    response = client.post(
        reverse("cooperation:upload", kwargs={"slug": working_group.slug}),
        {"staged": "a" * 32, "description": "In stukjes"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    version = Document.objects.get().current_version
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.content_type == "application/pdf"
    assert not list(settings.COOPERATION_UPLOAD_STAGING_DIR.iterdir())


def test_oversized_file_is_refused_before_its_bytes_are_sent(
    client, working_group, group_owner, settings
):
    settings.COOPERATION_MAX_UPLOAD_SIZE = 1000
    client.force_login(group_owner)
    response = send_in_chunks(client, working_group, "groot.pdf", b"%PDF" + b"0" * 5000)
    assert response.status_code == 400
    assert "het grootste bestand dat hier kan is 1000" in response.json()["error"]


def test_staged_disguised_program_is_refused_when_it_becomes_a_document(
    client, working_group, group_owner
):
    client.force_login(group_owner)
    send_in_chunks(client, working_group, "factuur.pdf", samples.windows_program())
    response = client.post(
        reverse("cooperation:upload", kwargs={"slug": working_group.slug}),
        {"staged": "a" * 32},
        headers={"accept": "application/json"},
    )
    assert response.json()["uploaded"] == []
    assert "factuur.pdf" in response.json()["refused"][0]
    assert not Document.objects.exists()


def test_someone_else_cannot_finish_or_feed_your_staged_upload(
    client, working_group, group_owner, librarian
):
    from tests.cooperation.conftest import add_member

    add_member(working_group, librarian)
    client.force_login(group_owner)
    send_in_chunks(client, working_group, "notities.txt", b"van de eigenaar")
    client.force_login(librarian)
    response = client.post(
        reverse("cooperation:upload", kwargs={"slug": working_group.slug}),
        {"staged": "a" * 32},
        headers={"accept": "application/json"},
    )
    assert response.json()["uploaded"] == []
    assert not Document.objects.exists()


def test_out_of_step_chunk_is_told_where_to_continue(client, working_group, group_owner):
    client.force_login(group_owner)
    url = reverse("cooperation:upload_chunk", kwargs={"slug": working_group.slug})
    headers = {"X-Upload-Id": "b" * 32, "X-Upload-Name": "a.txt", "X-Upload-Size": "10"}
    client.post(url, b"12345", content_type="application/octet-stream",
                headers={**headers, "X-Upload-Offset": "0"})  # fmt: skip
    response = client.post(url, b"67890", content_type="application/octet-stream",
                           headers={**headers, "X-Upload-Offset": "7"})  # fmt: skip
    assert response.status_code == 409
    assert response.json()["offset"] == 5


def test_non_member_cannot_send_chunks(client, working_group, outsider):
    client.force_login(outsider)
    response = send_in_chunks(client, working_group, "a.txt", b"hallo")
    assert response.status_code == 403


def test_upload_id_cannot_walk_out_of_the_staging_folder(client, working_group, group_owner):
    client.force_login(group_owner)
    response = send_in_chunks(client, working_group, "a.txt", b"x", upload_id="../../etc/passwd")
    assert response.status_code == 400
