"""Uploads with real files of each type, and the attacks: a spoofed type, an oversized file, a
hostile file name, active content."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from cooperation.models import Document
from portal.models import PortalDocument
from tests.cooperation import samples
from tests.cooperation.conftest import upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"

REAL_FILES = [
    # name, bytes, type we serve it as, words found in the extracted text
    ("plan.pdf", samples.pdf("Leesbevordering in Gent"), "application/pdf", "Leesbevordering"),
    ("verslag.docx", samples.docx("Verslag van de werkgroep"), DOCX, "Verslag van de werkgroep"),
    ("presentatie.pptx", samples.pptx("Presentatie stuurgroep"), PPTX, "Presentatie stuurgroep"),
    ("notulen.odt", samples.odt("Notulen van de vergadering"), ODT, "Notulen van de vergadering"),
    ("lijst.txt", "Boeken voor de zomer: één lijst".encode(), "text/plain", "één lijst"),
    ("foto.png", samples.png(), "image/png", ""),
]  # fmt: skip


def upload_url(group):
    return reverse("cooperation:upload", kwargs={"slug": group.slug})


@pytest.mark.parametrize(("name", "data", "content_type", "words"), REAL_FILES)
def test_member_uploads_a_real_file_and_its_text_is_extracted_for_search(
    client, working_group, group_owner, django_capture_on_commit_callbacks,
    name, data, content_type, words,
):  # fmt: skip
    client.force_login(group_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            upload_url(working_group),
            {
                "files": [upload(name, data)],
                "description": "Voor de werkgroep",
                "tags": "zomer, lezen",
            },
        )
    assert response.status_code == 302
    document = Document.objects.get(group=working_group)
    version = document.current_version
    assert version.content_type == content_type
    assert version.size == len(data)
    assert sorted(document.tags.names()) == ["lezen", "zomer"]
    assert words in PortalDocument.objects.get(pk=version.file_id).extracted_text
    page = client.get(document.get_absolute_url()).content.decode()
    assert version.sha256 in page


def test_several_files_at_once_and_refused_ones_leave_the_rest_and_the_form_intact(
    client, working_group, group_owner
):
    client.force_login(group_owner)
    response = client.post(
        upload_url(working_group),
        {
            "files": [
                upload("agenda.pdf", samples.pdf("Agenda")),
                upload("factuur.pdf", samples.windows_program()),
                upload("verslag.docx", samples.docx()),
            ],
            "description": "Stukken voor dinsdag",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "factuur.pdf" in page
    assert "Stukken voor dinsdag" in page  # the form keeps what was typed
    titles = set(Document.objects.filter(group=working_group).values_list("title", flat=True))
    assert titles == {"Agenda", "Verslag"}


SPOOFS = [
    ("a program named as a PDF", "factuur.pdf", samples.windows_program()),
    ("a program named as text", "lees-mij.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),
    ("a web page named as text", "notities.txt", b"<html><script>alert(1)</script></html>"),
    ("an SVG with script named as an image", "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("an SVG with its own extension", "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ("a PNG pretending to be a PDF", "rapport.pdf", samples.png()),
    ("a text file pretending to be a Word file", "brief.docx", b"gewoon tekst"),
    ("a shell script", "opruimen.sh", b"#!/bin/sh\nrm -rf /\n"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "data"), SPOOFS, ids=[case for case, *_ in SPOOFS])
def test_disguised_executable_or_active_content_is_refused_with_a_clear_message(
    client, working_group, group_owner, case, name, data
):
    client.force_login(group_owner)
    response = client.post(
        upload_url(working_group), {"files": [upload(name, data, "application/pdf")]}
    )
    assert response.status_code == 400
    assert name in response.content.decode()
    assert not Document.objects.exists()
    assert not PortalDocument.objects.exists()


def test_oversized_file_is_refused_in_dutch_with_the_limit(
    client, working_group, group_owner, settings
):
    settings.COOPERATION_MAX_UPLOAD_SIZE = 1000
    client.force_login(group_owner)
    response = client.post(upload_url(working_group), {"files": [upload("groot.txt", b"x" * 1001)]})
    assert response.status_code == 400
    assert "groot.txt is 1001\xa0bytes; het grootste bestand dat hier kan is 1000\xa0bytes." in (
        response.content.decode()
    )
    assert not Document.objects.exists()


def test_recordings_have_their_own_larger_limit(client, working_group, group_owner, settings):
    settings.COOPERATION_MAX_UPLOAD_SIZE = 100
    settings.COOPERATION_MAX_RECORDING_SIZE = 10_000
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2000
    client.force_login(group_owner)
    client.post(upload_url(working_group), {"files": [upload("opname.mp4", mp4)]})
    assert Document.objects.get().current_version.content_type == "video/mp4"


def test_refusal_is_in_english_for_a_person_who_chose_english(client, working_group, group_owner):
    group_owner.preferred_language = "en"
    group_owner.save()
    client.force_login(group_owner)
    response = client.post(
        upload_url(working_group), {"files": [upload("factuur.pdf", samples.windows_program())]}
    )
    assert "this is a program, not a document" in response.content.decode()


def test_hostile_file_name_cannot_leave_the_folder_or_replace_another_file(
    client, working_group, group_owner
):
    client.force_login(group_owner)
    for content in (b"eerste", b"tweede"):
        client.post(
            upload_url(working_group),
            {"files": [upload("../../../etc/passwd.txt", content)]},
        )
    versions = [document.current_version for document in Document.objects.order_by("pk")]
    names = [version.file.file.name for version in versions]
    assert all(name.startswith("documents/") and ".." not in name for name in names)
    assert names[0] != names[1]
    assert [version.original_name for version in versions] == ["passwd.txt", "passwd.txt"]
    assert [default_storage.open(name).read() for name in names] == [b"eerste", b"tweede"]


def test_empty_upload_keeps_the_form_with_a_message(client, working_group, group_owner):
    client.force_login(group_owner)
    response = client.post(upload_url(working_group), {"description": "Bijna vergeten"})
    page = response.content.decode()
    assert "Kies een of meer bestanden om te uploaden." in page
    assert "Bijna vergeten" in page


def test_zip_bomb_is_stored_but_not_unpacked_for_search(
    client, working_group, group_owner, settings, django_capture_on_commit_callbacks
):
    settings.COOPERATION_EXTRACT_MAX_UNCOMPRESSED = 1_000_000
    client.force_login(group_owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            upload_url(working_group), {"files": [upload("bom.docx", samples.zip_bomb_docx())]}
        )
    version = Document.objects.get().current_version
    assert PortalDocument.objects.get(pk=version.file_id).extracted_text == ""


def test_upload_answers_json_for_the_progress_bar_script(client, working_group, group_owner):
    client.force_login(group_owner)
    response = client.post(
        upload_url(working_group),
        {"files": [upload("factuur.pdf", samples.windows_program())]},
        headers={"accept": "application/json"},
    )
    assert response.json()["uploaded"] == []
    assert "factuur.pdf" in response.json()["refused"][0]
