from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning import services
from learning.models import Audience, Series
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_list_filters_by_topic_series_and_month(client, make_webinar):
    series = Series.objects.create(title="Bibliotheek van morgen", slug="morgen")
    make_webinar(title="Over AI", topics=["innovatie"], series=series, audience="everyone")
    make_webinar(title="Over boeken", topics=["collectie"], audience="everyone")
    far = make_webinar(title="Later dit jaar", starts_in=timedelta(days=70), audience="everyone")

    def titles(query):
        page = client.get("/leerplatform/" + query).content.decode()
        return {t for t in ("Over AI", "Over boeken", "Later dit jaar") if t in page}

    assert titles("") == {"Over AI", "Over boeken", "Later dit jaar"}
    assert titles("?topic=innovatie") == {"Over AI"}
    assert titles("?series=morgen") == {"Over AI"}
    month = timezone.localtime(far.start).strftime("%Y-%m")
    assert "Later dit jaar" in titles(f"?month={month}")


@pytest.mark.parametrize(
    ("query", "dutch"),
    [
        ("?month=2026-13", "Kies een maand uit de lijst."),
        ("?topic=bestaat-niet", "Kies een onderwerp uit de lijst."),
        ("?series=<script>", "Kies een reeks uit de lijst."),
    ],
)
def test_an_unknown_filter_value_is_explained_and_the_full_list_stays(
    client, make_webinar, query, dutch
):
    make_webinar(title="Blijft zichtbaar", audience="everyone")
    page = client.get("/leerplatform/" + query).content.decode()
    assert dutch in page and "Blijft zichtbaar" in page
    assert "<script>" not in page


def test_list_is_paginated(client, make_webinar):
    for number in range(14):
        make_webinar(title=f"Sessie {number:02}", starts_in=timedelta(days=1 + number))
    client.force_login(UserFactory())
    first = client.get("/leerplatform/").content.decode()
    second = client.get("/leerplatform/?pagina=2").content.decode()
    assert "Sessie 00" in first and "Sessie 13" not in first and "Pagina 1 van 2" in first
    assert "Sessie 13" in second and "Sessie 00" not in second


def test_past_webinars_with_a_recording_are_listed_apart(client, make_webinar):
    from django.core.files.base import ContentFile

    past = make_webinar(
        title="Terugkijken", starts_in=-timedelta(days=5), audience="everyone", publish=False
    )
    past.recording_audience = Audience.EVERYONE
    past.recording.save("t.wav", ContentFile(b"RIFF"), save=False)
    past.save_revision().publish()
    make_webinar(title="Zonder opname", starts_in=-timedelta(days=4), audience="everyone")
    page = client.get("/leerplatform/").content.decode()
    assert "Voorbije webinars met opname" in page
    assert "Terugkijken" in page and "Zonder opname" not in page


def test_webinar_page_shows_speakers_in_order_seats_and_brussels_time(client, make_webinar):
    webinar = make_webinar(capacity=30, speakers=["Zora Zeeman", "Adam Appel"], audience="everyone")
    page = client.get(webinar.url).content.decode()
    assert page.index("Zora Zeeman") < page.index("Adam Appel")
    assert "Europe/Brussels" in page
    assert timezone.localtime(webinar.start).strftime("%H:%M") in page
    client.force_login(UserFactory())
    assert "30 plaatsen over" in client.get(webinar.url).content.decode()


def test_home_page_shows_the_next_webinars(client, make_webinar):
    make_webinar(title="Binnenkort op het Leerplatform", audience="everyone")
    page = client.get("/").content.decode()
    assert "Volgende webinars" in page and "Binnenkort op het Leerplatform" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_query_count_does_not_grow_with_webinars_registrations_or_speakers(client, make_webinar):
    member = UserFactory()
    client.force_login(member)
    first = make_webinar(capacity=500, speakers=["Een"], topics=["a"])
    services.registration_create(webinar=first, user=member)
    client.get("/leerplatform/")  # warm caches (site root paths, content types)
    list_small = _queries(client, "/leerplatform/")
    page_small = _queries(client, first.url)

    for number in range(8):
        make_webinar(speakers=[f"S{number}a", f"S{number}b", f"S{number}c"], topics=["a", "b"])
    for person in UserFactory.create_batch(25):
        services.registration_create(webinar=first, user=person)
    from learning.models import Speaker, WebinarSpeaker

    for number in range(4):
        WebinarSpeaker.objects.create(
            page=first, speaker=Speaker.objects.create(name=f"Extra {number}"), sort_order=9
        )
    assert _queries(client, "/leerplatform/") == list_small
    assert _queries(client, first.url) == page_small


def test_cached_anonymous_listing_shows_a_new_webinar_and_a_full_one_at_once(
    client, make_webinar, committed
):
    first = make_webinar(title="Eerste sessie", audience="everyone", capacity=1)
    assert "Eerste sessie" in client.get("/leerplatform/").content.decode()
    with committed():
        make_webinar(title="Net gepubliceerd", audience="everyone")
    assert "Net gepubliceerd" in client.get("/leerplatform/").content.decode()
    with committed():
        services.registration_create(webinar=first, user=UserFactory())
    assert "Volzet: wachtlijst" in client.get("/leerplatform/").content.decode()


def test_cached_anonymous_page_gives_every_visitor_a_working_language_switch(make_webinar):
    import re

    from django.test import Client

    make_webinar(title="Voor iedereen", audience="everyone")
    Client().get("/leerplatform/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/leerplatform/").content.decode()
    assert "Voor iedereen" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = visitor.post(
        "/account/taal/", {"language": "en", "next": "/leerplatform/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "Upcoming webinars" in visitor.get("/leerplatform/").content.decode()


def test_a_running_webinar_is_marked_live_on_the_list_and_its_page(client, make_webinar):
    import re

    running = make_webinar(title="Nu bezig", starts_in=-timedelta(minutes=10), audience="everyone")
    make_webinar(title="Straks", starts_in=timedelta(minutes=10), audience="everyone")
    cancelled = make_webinar(
        title="Afgelast", starts_in=-timedelta(minutes=10), audience="everyone", cancelled=True
    )

    listing = client.get("/leerplatform/").content.decode()
    cards = dict(
        re.findall(
            r'<article class="webinar-card[^"]*">\s*<h3><a [^>]*>([^<]+)</a>(.*?)</article>',
            listing,
            re.S,
        )
    )
    assert {title for title, card in cards.items() if "Nu live" in card} == {"Nu bezig"}
    assert "Straks" in cards and "Afgelast" in cards
    assert "Nu live" in client.get(running.url).content.decode()
    assert "Nu live" not in client.get(cancelled.url).content.decode()


def test_a_speaker_leads_to_their_webinars_and_recordings(client, make_webinar):
    from django.core.files.base import ContentFile

    from learning.models import Speaker, WebinarSpeaker
    from search import selectors

    fatima = Speaker.objects.create(name="Fatima El Amrani", organisation="Bibliotheek Gent")
    upcoming = make_webinar(title="Voorlezen", audience="everyone")
    make_webinar(title="Anders", audience="everyone", speakers=["Iemand Anders"])
    past = []
    for title in ("Terugkijken", "Oud"):
        webinar = make_webinar(
            title=title, starts_in=-timedelta(days=5), audience="everyone", publish=False
        )
        webinar.recording_audience = Audience.EVERYONE
        webinar.recording.save("t.wav", ContentFile(b"RIFF"), save=False)
        webinar.save_revision().publish()
        past.append(webinar)
    for webinar in (upcoming, past[0]):
        WebinarSpeaker.objects.create(page=webinar, speaker=fatima, sort_order=0)

    hit = next(
        hit
        for hit in selectors.search(
            user=UserFactory(), query="Amrani", filters=selectors.Filters()
        )[0][0:10]
        if hit.kind == "speaker"
    )
    assert hit.url == f"/leerplatform/?speaker={fatima.pk}"

    def titles(page):
        return {t for t in ("Voorlezen", "Anders", "Terugkijken", "Oud") if f">{t}<" in page}

    page = client.get(hit.url).content.decode()
    assert titles(page) == {"Voorlezen", "Terugkijken"}
    # Her webinar's page leads to the same list.
    webinar_page = client.get(upcoming.url).content.decode()
    assert f'href="{hit.url}">Alle webinars met Fatima El Amrani</a>' in webinar_page
    assert f'<option value="{fatima.pk}" selected>Fatima El Amrani</option>' in page
    # A speaker that does not exist is explained, and the whole list stays.
    page = client.get("/leerplatform/?speaker=999999").content.decode()
    assert "Kies een spreker uit de lijst." in page
    assert titles(page) == {"Voorlezen", "Anders", "Terugkijken", "Oud"}
    # Narrowed to nothing, each list says so.
    nobody = Speaker.objects.create(name="Nog niet ingepland")
    page = client.get(f"/leerplatform/?speaker={nobody.pk}").content.decode()
    assert "Geen komende webinars voor deze filters." in page
    assert "Geen opnames voor deze filters." in page


def test_the_month_filter_names_months_not_days(client, make_webinar):
    in_two_months = timezone.localtime() + timedelta(days=62)
    first = in_two_months.replace(day=1, hour=10, minute=0, second=0, microsecond=0)
    make_webinar(title="Op de eerste", starts_in=first - timezone.localtime(), audience="everyone")
    page = client.get("/leerplatform/").content.decode()
    month = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    name = month.split()[first.month - 1]
    assert f'<option value="{first:%Y-%m}">{name} {first.year}</option>' in page
    assert f"1 {name} {first.year}</option>" not in page
