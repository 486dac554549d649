"""Index freshness: content changes reach the index through modelsearch's handlers, permission
changes need no reindex (the filter is evaluated per query), and update_index rebuilds it all."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cooperation import services
from cooperation.models import Group
from learning.models import Audience
from tests import search_engine
from tests.cooperation.conftest import add_member


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Index updates are tasks enqueued on commit (modelsearch's handlers): run them."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _found(client, query) -> int:
    return client.get(reverse("search:search"), {"q": query}).context["page"].paginator.count


def test_saving_a_document_title_changes_the_results(client, make_group, make_document, committed):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Open")
    document = make_document(group, title="Voorjaarsplanning", text="Inhoud")
    assert _found(client, "voorjaarsplanning") == 1
    document.title = "Najaarsplanning"
    with committed():
        document.save()
    assert _found(client, "voorjaarsplanning") == 0
    assert _found(client, "najaarsplanning") == 1


def test_publishing_and_unpublishing_a_webinar(client, make_webinar, committed):
    webinar = make_webinar(
        title="Webinar zomerlezen", audience=Audience.EVERYONE, publish=False, live=False
    )
    assert _found(client, "zomerlezen") == 0
    with committed():
        webinar.save_revision().publish()
    assert _found(client, "zomerlezen") == 1
    webinar.refresh_from_db()
    with committed():
        webinar.unpublish()
    assert _found(client, "zomerlezen") == 0


def test_deleting_and_trashing_remove_hits(client, make_group, make_document, group_owner):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Archief")
    trashed = make_document(group, title="Kasboek", text="Kasboekregels")
    deleted = make_document(group, title="Logboek", text="Logboekregels")
    services.document_trash(document=trashed, by=group_owner)
    deleted.delete()
    assert _found(client, "kasboekregels") == 0
    assert _found(client, "logboekregels") == 0


def test_group_visibility_change_applies_at_once(client, make_group, make_document, outsider):
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Wisselvallig")
    make_document(group, title="Plan", text="Wisselplannen")
    client.force_login(outsider)
    assert _found(client, "wisselplannen") == 1
    group.visibility = Group.Visibility.SECRET
    group.save()
    assert _found(client, "wisselplannen") == 0
    assert _found(client, "wisselvallig") == 0


def test_membership_change_applies_at_once(client, make_group, make_document, outsider):
    group = make_group(Group.Visibility.SECRET, name="Stuurgroep Binnenkring")
    make_document(group, title="Verslag", text="Binnenkringverslag")
    client.force_login(outsider)
    assert _found(client, "binnenkringverslag") == 0
    membership = add_member(group, outsider)
    assert _found(client, "binnenkringverslag") == 1
    membership.delete()
    assert _found(client, "binnenkringverslag") == 0


def test_update_index_rebuilds_everything(
    client, make_group, make_document, make_webinar, settings
):
    from wagtail.search.models import IndexEntry

    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Herbouw")
    make_document(group, title="Herbouwplan", text="Fundamentherstel")
    make_webinar(title="Webinar herbouwkunde", audience=Audience.EVERYONE)
    if settings.SEARCH_URL:
        search_engine.empty_indexes()
    else:
        IndexEntry.objects.all().delete()
    assert _found(client, "fundamentherstel") == 0
    call_command("update_index", verbosity=0)
    assert _found(client, "fundamentherstel") == 1
    assert _found(client, "herbouwkunde") == 1
    assert _found(client, "herbouw") >= 1  # the group; compounds differ per backend


def test_a_change_made_while_the_engine_is_away_is_written_once_it_is_back(
    client, make_group, make_document, committed, settings
):
    """The engine unreachable (nothing listens at its address): saving and deleting still work,
    the search page says it is unavailable while other pages answer, and the changes reach the
    index when `index_pending_changes` runs after the engine is back (the scheduler runs it
    every minute)."""
    from django.test import override_settings

    from search.models import PendingIndexChange

    if not settings.SEARCH_URL:
        pytest.skip("needs a search engine (SEARCH_URL): the database index is written in the save")
    group = make_group(Group.Visibility.PUBLIC, name="Werkgroep Storing")
    document = make_document(group, title="Voorjaarsplanning", text="Inhoud")
    gone = make_document(group, title="Wegwerpnotitie", text="Inhoud")
    away = {**settings.WAGTAILSEARCH_BACKENDS["default"], **search_engine.unreachable()}
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": away}):
        document.title = "Najaarsplanning"
        with committed():
            document.save()
            gone.delete()
        assert PendingIndexChange.objects.count() == 2
        response = client.get(reverse("search:search"), {"q": "najaarsplanning"})
        assert response.status_code == 503
        assert "Zoeken is tijdelijk niet beschikbaar" in response.content.decode()
        assert client.get("/").status_code == 200
    assert _found(client, "najaarsplanning") == 0  # the index has not seen it yet
    call_command("index_pending_changes", verbosity=0)
    assert _found(client, "najaarsplanning") == 1
    assert _found(client, "voorjaarsplanning") == 0
    assert _found(client, "wegwerpnotitie") == 0
    assert not PendingIndexChange.objects.exists()
