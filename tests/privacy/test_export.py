"""“Mijn gegevens”: a person asks for everything the platform holds about them and gets a ZIP with
one JSON file per kind of data and their files, prepared in the background, mailed when ready,
downloadable only by them for seven days. Nothing of anyone else is in it."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from privacy import services
from privacy.models import DataExport
from privacy.registry import all_entries
from tests.privacy.conftest import OTTO_NAME, OTTO_WORDS, PIEN_NAME, PIEN_WORDS

pytestmark = pytest.mark.django_db

MY_DATA = "/account/mijn-gegevens/"


def _ask(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MY_DATA)
    return client.get(MY_DATA)


def _archive(response) -> zipfile.ZipFile:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return zipfile.ZipFile(io.BytesIO(body))


def test_the_export_holds_every_kind_of_her_data_and_nothing_of_anyone_else(
    client, story, pien, otto, group_owner, django_capture_on_commit_callbacks
):
    client.force_login(pien)
    page = _ask(client, django_capture_on_commit_callbacks).content.decode()
    assert "Klaar tot" in page

    # The e-mail says it is ready and carries the link, in her language.
    ready = [m for m in mail.outbox if m.to == [pien.email] and "gegevens" in m.subject]
    assert len(ready) == 1
    export = DataExport.objects.get(user=pien)
    link = reverse("privacy:export_download", args=[export.token])
    assert link in ready[0].body
    assert "ingelogd" in ready[0].body

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = _archive(response)
    names = set(archive.namelist())

    # One readable JSON file per kind of data, each documenting its keys, and none empty.
    for entry in all_entries():
        section = json.loads(archive.read(f"{entry.key}.json"))
        assert section["about"] and section["kept"], entry.key
        assert section["items"], f"{entry.key} holds nothing of Pien"
        for item in section["items"]:
            assert set(item) <= set(section["keys"]), entry.key
    readme = archive.read("README.txt").decode()
    assert "Je gegevens op Kennisplein" in readme

    everything = b"".join(archive.read(name) for name in names).decode("utf-8")
    for word in PIEN_WORDS:
        assert word in everything.lower(), word
    profile = json.loads(archive.read("profile.json"))["items"][0]
    assert (profile["email"], profile["name"]) == (pien.email, PIEN_NAME)
    registrations = json.loads(archive.read("registrations.json"))["items"]
    assert sorted(r["webinar"] for r in registrations) == [
        "Webinar over archieven",
        "Webinar over lezen",
    ]
    assert [r["certificate_url"] is not None for r in registrations] == [False, True] or [
        r["certificate_url"] is not None for r in registrations
    ] == [True, False]
    posts = json.loads(archive.read("discussion_posts.json"))["items"]
    assert [post["text"] for post in posts] == ["pientekst opening"]
    assert posts[0]["earlier_versions"][0]["text"] == "pientekst eerste versie"
    # Her uploaded file, byte for byte.
    [uploaded] = [name for name in names if name.startswith("files/documents/")]
    assert archive.read(uploaded) == b"pienbestand inhoud\n"

    # Nothing of Otto: not his reply in her thread, not his registration, chat, vote or file;
    # nor the name of the owner who invited her; nor her two-factor secret.
    for word in [*OTTO_WORDS, OTTO_NAME, otto.email, group_owner.display_name, "PIENGEHEIM"]:
        assert word.lower() not in everything.lower(), word


def test_asking_again_while_it_is_prepared_starts_no_new_work(
    client, pien, django_capture_on_commit_callbacks
):
    client.force_login(pien)
    with django_capture_on_commit_callbacks() as first:
        client.post(MY_DATA)
    with django_capture_on_commit_callbacks() as second:
        response = client.post(MY_DATA, follow=True)
    assert len(first) == 1  # the task is queued once
    assert second == []
    assert DataExport.objects.filter(user=pien).count() == 1
    page = response.content.decode()
    assert "Je gegevens worden al klaargezet." in page
    assert "Wordt klaargezet" in page


def test_a_request_lost_by_a_dead_worker_can_be_asked_again(pien):
    export, started = services.export_request(user=pien)
    DataExport.objects.filter(pk=export.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    again, started_again = services.export_request(user=pien)
    assert (started, started_again) == (True, True)
    assert again.token != export.token


@pytest.fixture
def ready_export(pien, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.export_request(user=pien)
    export = DataExport.objects.get(user=pien)
    assert export.status == DataExport.Status.READY
    return export


def test_only_she_may_download_it(client, ready_export, pien, otto, editor):
    link = reverse("privacy:export_download", args=[ready_export.token])
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.startswith("/account/login/")
    for someone in (otto, editor):
        client.force_login(someone)
        assert client.get(link).status_code == 404
    client.force_login(pien)
    assert client.get(link).status_code == 200


def test_the_file_is_stored_privately_not_under_the_media_url(client, ready_export, pien):
    client.force_login(pien)
    name = ready_export.file.name
    assert name.startswith("privacy/exports/") and name.endswith(".zip")
    assert client.get(f"/media/{name}").status_code == 404


def test_after_seven_days_the_link_is_refused_and_the_cleanup_deletes_the_file(
    client, ready_export, pien, settings, django_capture_on_commit_callbacks
):
    assert settings.PRIVACY_EXPORT_DAYS == 7
    assert ready_export.expires_at - ready_export.ready_at == timedelta(days=7)
    client.force_login(pien)
    link = reverse("privacy:export_download", args=[ready_export.token])
    DataExport.objects.filter(pk=ready_export.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    gone = client.get(link)
    assert gone.status_code == 410
    assert "verlopen" in gone.content.decode()
    storage, name = ready_export.file.storage, ready_export.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retention_apply()["expired_exports"] == 1
    assert not storage.exists(name)
    page = client.get(MY_DATA).content.decode()
    assert "is verlopen" in page
    assert client.get(link).status_code == 410


def test_a_failed_export_says_so_and_can_be_asked_again(
    client, pien, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(user, handle):
        raise OSError("disk full")

    monkeypatch.setattr("privacy.export.write_export", broken)
    client.force_login(pien)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MY_DATA)
    assert DataExport.objects.get(user=pien).status == DataExport.Status.FAILED
    page = client.get(MY_DATA).content.decode()
    assert "Het klaarzetten van je kopie is mislukt." in page
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(MY_DATA)
    assert DataExport.objects.get(user=pien).status == DataExport.Status.READY
