"""The upload page in a real Chromium: several files at once, a progress bar per file, a refused
file that leaves the others intact, and the library afterwards."""

import pytest
from playwright.sync_api import expect

from cooperation.models import Document
from tests.cooperation import samples
from tests.cooperation.conftest import add_member
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_uploads_several_files_with_progress_and_sees_a_refusal_in_chromium(
    page, home_page, settings, tmp_path
):
    from cooperation import services
    from cooperation.models import Group

    settings.COOPERATION_UPLOAD_STAGING_DIR = tmp_path / "staging"
    settings.COOPERATION_UPLOAD_CHUNK = 64 * 1024  # several chunks per file
    owner = UserFactory(email="werkgroep@bibliotheek.test", display_name="Wies Werkgroep")
    group = services.group_create(
        owner=owner, name="Werkgroep Leesbevordering", visibility=Group.Visibility.MEMBERS
    )
    member = UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")
    add_member(group, member)

    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(member.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    page.goto(f"/cooperatie/{group.slug}/")
    page.get_by_role("link", name="Bestanden uploaden").click()
    expect(page.get_by_text("Sleep bestanden hierheen")).to_be_visible()
    big_pdf = samples.pdf("Jaarplan") + b"%" + b"0" * 300_000
    page.get_by_label("Bestanden").set_input_files(
        [
            {"name": "jaarplan.pdf", "mimeType": "application/pdf", "buffer": big_pdf},
            {"name": "factuur.pdf", "mimeType": "application/pdf",
             "buffer": samples.windows_program()},
            {"name": "verslag.docx", "mimeType": "application/octet-stream",
             "buffer": samples.docx("Verslag")},
        ]
    )  # fmt: skip
    expect(page.locator("[data-upload-list] progress")).to_have_count(3)
    page.get_by_role("button", name="Uploaden", exact=True).click()

    refused = page.locator("[data-upload-list] li", has_text="factuur.pdf")
    expect(refused).to_contain_text("niet geüpload")
    expect(refused).to_contain_text("dit is een programma")
    done = page.locator("[data-upload-list] li.upload--done")
    expect(done).to_have_count(2)
    expect(
        page.locator("[data-upload-list] li", has_text="jaarplan.pdf").locator("progress")
    ).to_have_attribute("value", "100")  # noqa: E501
    assert set(Document.objects.values_list("title", flat=True)) == {"Jaarplan", "Verslag"}

    page.goto(f"/cooperatie/{group.slug}/")
    expect(page.get_by_role("link", name="Jaarplan", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Verslag", exact=True)).to_be_visible()


def test_files_dropped_on_the_drop_zone_are_uploaded_in_chromium(
    page, home_page, settings, tmp_path
):
    from cooperation import services
    from cooperation.models import Group

    settings.COOPERATION_UPLOAD_STAGING_DIR = tmp_path / "staging"
    owner = UserFactory(email="werkgroep@bibliotheek.test", display_name="Wies Werkgroep")
    group = services.group_create(
        owner=owner, name="Werkgroep Leesbevordering", visibility=Group.Visibility.PUBLIC
    )
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.goto(f"/cooperatie/{group.slug}/uploaden/")

    page.locator("[data-drop-zone]").evaluate(
        """zone => {
            const transfer = new DataTransfer();
            transfer.items.add(new File(["Notities van de werkgroep"], "notities.txt",
                                        {type: "text/plain"}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true,
                                                      cancelable: true}));
        }"""
    )
    expect(page.locator("[data-upload-list] li", has_text="notities.txt")).to_be_visible()
    page.get_by_role("button", name="Uploaden", exact=True).click()
    expect(page).to_have_url(f"/cooperatie/{group.slug}/")
    expect(page.get_by_role("link", name="Notities", exact=True)).to_be_visible()
    assert Document.objects.get().current_version.size == len("Notities van de werkgroep")
