"""A document's title comes from its upload, readable and editable; the technical details of its
versions stay out of the way."""

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.files import readable_title
from cooperation.models import Document
from tests.cooperation import samples
from tests.cooperation.conftest import add_member, upload


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("jaarplan_2027-concept.pdf", "Jaarplan 2027 concept"),
        ("verslag.docx", "Verslag"),
        ("OBA__cijfers--Q3.xlsx", "OBA cijfers Q3"),
        ("C:\\Users\\lies\\notulen mei.txt", "Notulen mei"),
    ],
)
def test_a_file_name_becomes_a_readable_title(name, title):
    assert readable_title(name) == title


def test_an_upload_without_a_title_is_named_after_its_file_and_a_typed_one_wins(
    client, working_group, group_owner
):
    client.force_login(group_owner)
    url = reverse("cooperation:upload", kwargs={"slug": working_group.slug})
    client.post(url, {"files": [upload("jaarplan_2027-concept.pdf", samples.pdf("Jaarplan"))]})
    client.post(
        url,
        {"files": [upload("scan_0042.pdf", samples.pdf("Scan"))], "title": "Begroting 2027"},
    )
    assert set(Document.objects.values_list("title", flat=True)) == {
        "Jaarplan 2027 concept",
        "Begroting 2027",
    }


def test_a_member_edits_the_title_and_sees_no_checksum_column(
    client, working_group, group_owner, librarian
):
    add_member(working_group, librarian)
    document = services.document_upload(
        group=working_group, by=group_owner, uploaded=upload("scan_0042.pdf", samples.pdf("Scan"))
    )
    client.force_login(librarian)
    page = client.get(document.get_absolute_url()).content.decode()
    versions_table = page.split('class="versions-table"')[1].split("</table>")[0]
    assert "SHA-256" not in versions_table
    assert document.current_version.sha256 not in versions_table
    # Still there for whoever needs it, folded away.
    assert "Technische gegevens van de versies" in page
    assert document.current_version.sha256 in page

    response = client.post(
        document.get_absolute_url(),
        {"title": "Begroting 2027", "description": "", "tags": "", "folder": ""},
        follow=True,
    )
    assert "<h1>Begroting 2027</h1>" in response.content.decode()
    assert Document.objects.get(pk=document.pk).title == "Begroting 2027"
