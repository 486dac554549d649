"""The download view: headers that keep a browser from running what it serves, previews."""

import pytest

from cooperation import services
from tests.cooperation import samples
from tests.cooperation.conftest import upload


def stored(group, user, name, data):
    return services.document_upload(group=group, uploaded=upload(name, data), by=user)


HEADER_CASES = [
    # file, ?inline=1, expected disposition
    ("verslag.docx", samples.docx(), False, "attachment"),
    ("verslag.docx", samples.docx(), True, "attachment"),  # not on the safe list
    ("plan.pdf", samples.pdf(), False, "attachment"),
    ("plan.pdf", samples.pdf(), True, "inline"),
    ("foto.png", samples.png(), True, "inline"),
    ("data.dat", b"\x00\x01\x02 binary", True, "attachment"),
]


@pytest.mark.parametrize(("name", "data", "inline", "disposition"), HEADER_CASES)
def test_download_is_an_attachment_unless_on_the_safe_list_and_never_sniffed(
    client, working_group, group_owner, name, data, inline, disposition
):
    document = stored(working_group, group_owner, name, data)
    client.force_login(group_owner)
    url = document.current_version.get_download_url() + ("?inline=1" if inline else "")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(disposition)
    assert name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == data


def test_any_old_version_can_be_downloaded_and_restored(client, working_group, group_owner):
    document = stored(working_group, group_owner, "agenda.txt", b"versie een")
    services.document_version_add(
        document=document, uploaded=upload("agenda.txt", b"versie twee"), by=group_owner
    )
    first = document.versions.get(number=1)
    client.force_login(group_owner)
    assert b"".join(client.get(first.get_download_url()).streaming_content) == b"versie een"

    client.post(f"{document.get_absolute_url()}versies/1/terugzetten/")
    document.refresh_from_db()
    assert document.current_version.number == 3
    assert document.current_version.restored_from == first
    assert document.current_version.sha256 == first.sha256
    page = client.get(document.get_absolute_url()).content.decode()
    assert first.sha256 in page


def test_image_preview_is_a_thumbnail(
    client, working_group, group_owner, django_capture_on_commit_callbacks
):
    # The preview is made by a task queued when the upload is committed (test_previews.py).
    with django_capture_on_commit_callbacks(execute=True):
        document = stored(working_group, group_owner, "foto.png", samples.png((2000, 1000)))
    client.force_login(group_owner)
    response = client.get(f"/cooperatie/miniatuur/{document.current_version.pk}/")
    from io import BytesIO

    from PIL import Image

    assert response["Content-Type"] == "image/png"
    assert Image.open(BytesIO(b"".join(response.streaming_content))).size == (480, 240)


def test_document_page_shows_pdf_inline_and_extracted_text_otherwise(
    client, working_group, group_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pdf = stored(working_group, group_owner, "plan.pdf", samples.pdf())
        docx = stored(working_group, group_owner, "verslag.docx", samples.docx("Jaarverslag"))
    client.force_login(group_owner)
    pdf_page = client.get(pdf.get_absolute_url()).content.decode()
    assert f'src="{pdf.current_version.get_download_url()}?inline=1"' in pdf_page
    assert "Jaarverslag" in client.get(docx.get_absolute_url()).content.decode()


def test_library_page_runs_the_same_number_of_queries_however_many_documents(
    client, working_group, group_owner
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(group_owner)

    def queries_with(count):
        while working_group.documents.count() < count:
            document = stored(working_group, group_owner, "notitie.txt", b"tekst")
            document.tags.set(["vergadering", "verslag"])
        with CaptureQueriesContext(connection) as captured:
            client.get(working_group.get_absolute_url())
        return len(captured)

    assert queries_with(2) == queries_with(12)


def test_library_list_shows_image_thumbnails(client, working_group, group_owner):
    document = stored(working_group, group_owner, "foto.png", samples.png())
    client.force_login(group_owner)
    page = client.get(working_group.get_absolute_url()).content.decode()
    assert f'src="/cooperatie/miniatuur/{document.current_version.pk}/"' in page
