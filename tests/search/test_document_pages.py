"""A hit inside a document says on which page (PDF) or slide (presentation) its words are, and a
PDF's page links to that page of the file."""

import io

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.files import extract_text
from cooperation.models import Group
from tests.cooperation.conftest import upload
from tests.search.samples import pdf_pages, pptx_slides


@pytest.fixture
def library(make_group, group_owner, django_capture_on_commit_callbacks):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Jaarverslag")

    def add(name, data, content_type, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                group=group,
                uploaded=upload(name, data, content_type),
                by=group_owner,
                title=fields.get("title", name),
                description=fields.get("description", ""),
            )

    return add


def _hit(client, query):
    response = client.get(reverse("search:search"), {"q": query})
    hits = list(response.context["page"])
    assert len(hits) == 1
    return hits[0], response.content.decode()


def test_extracted_pdf_text_keeps_its_pages():
    text = extract_text(io.BytesIO(pdf_pages("Een", "Twee", "Drie")), "application/pdf")
    assert text.split("\f") == ["Een", "Twee", "Drie"]


def test_a_hit_on_page_two_of_a_pdf_links_to_page_two(client, library):
    document = library(
        "verslag.pdf",
        pdf_pages("Inleiding", "Begroting van het zomerfestival", "Slot"),
        "application/pdf",
        title="Jaarverslag",
    )
    hit, html = _hit(client, "zomerfestival")
    version = document.current_version
    assert hit.place == "pagina 2"
    assert hit.place_url == f"{version.get_download_url()}?inline=1#page=2"
    assert f'href="{hit.place_url}"' in html and ">pagina 2</a>" in html
    assert hit.url == document.get_absolute_url()


def test_a_hit_in_a_presentation_names_the_slide(client, library):
    library(
        "presentatie.pptx",
        pptx_slides("Welkom", "Agenda", "Voorleesmarathon in maart"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        title="Presentatie",
    )
    hit, html = _hit(client, "voorleesmarathon")
    assert hit.place == "dia 3"
    assert not hit.place_url
    assert "dia 3" in html


def test_a_hit_in_the_description_or_a_file_without_pages_shows_no_page(client, library):
    library(
        "verslag.pdf",
        pdf_pages("Inleiding", "Tekst"),
        "application/pdf",
        title="Verslag",
        description="Over de kermisavond",
    )
    library("notities.txt", b"Het boekenbal was druk", "text/plain", title="Notities")
    assert _hit(client, "kermisavond")[0].place == ""
    assert _hit(client, "boekenbal")[0].place == ""
