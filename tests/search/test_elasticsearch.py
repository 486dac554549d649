"""Elasticsearch: the permission filters of every source compile to an Elasticsearch query
(runs everywhere, no cluster needed), and searches run against a real cluster when
ELASTICSEARCH_URL is set."""

import json
import os

import pytest
from django.urls import reverse
from modelsearch.query import PlainText
from search.backends.elasticsearch import Elasticsearch9SearchBackend

from search.sources import SOURCES
from tests.search.test_leaks import TABLE
from tests.search.test_leaks import person as person  # noqa: F401,PLC0414 (fixture)

needs_cluster = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to search in "
    "(the filter and typo compilation tests above still run).",
)


@pytest.mark.parametrize("person", ["anonymous", "outsider", "member", "staff"], indirect=True)
@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.kind)
def test_permission_filter_compiles_to_an_elasticsearch_query(rf, person, source, member):
    """Every condition of the permission filter is on a FilterField with concrete values, so
    Elasticsearch applies it in the query itself (a subquery or a join would raise here)."""
    backend = Elasticsearch9SearchBackend({"URLS": ["http://127.0.0.1:9"]})  # never contacted
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    user = {"anonymous": AnonymousUser(), "member": member}.get(person)
    if user is None:
        user = User.objects.filter(is_superuser=(person == "staff")).exclude(pk=member.pk).first()
    queryset = source.search_queryset(user)
    compiler = backend.query_compiler_class(queryset, PlainText("bibliotheek"))
    compiler.check()
    json.dumps(compiler.get_query(), default=str)  # plain data, nothing left to evaluate


def test_words_of_five_letters_or_more_may_have_one_typo(db):
    """Fuzziness AUTO:5,100: one edit from five letters on, none below (Elasticsearch's rule for
    the analysed words); suggestions stay exact."""
    from cooperation.models import Document

    backend = Elasticsearch9SearchBackend({"URLS": ["http://127.0.0.1:9"]})  # never contacted
    compiler = backend.query_compiler_class(Document.objects.all(), PlainText("bibliotbeek"))
    assert json.dumps(compiler.get_query()).count('"fuzziness": "AUTO:5,100"') >= 1
    suggest = backend.autocomplete_query_compiler_class(Document.objects.all(), PlainText("bibl"))
    assert "fuzziness" not in json.dumps(suggest.get_query())


@needs_cluster
@pytest.mark.parametrize("person", ["anonymous", "outsider", "member", "staff"], indirect=True)
@pytest.mark.parametrize(("word", "seen_by"), TABLE)
def test_elasticsearch_shows_only_what_the_person_may_see(client, person, word, seen_by):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get(reverse("search:search"), {"q": word})
    found = response.context["page"].paginator.count
    assert (found > 0) == (person in seen_by)


@needs_cluster
def test_elasticsearch_finds_a_word_with_one_typo(client, make_group):
    from django.core.management import call_command

    from cooperation.models import Group

    make_group(Group.Visibility.PUBLIC, name="Werkgroep Bibliotheekvernieuwing")
    call_command("update_index", verbosity=0)
    response = client.get(reverse("search:search"), {"q": "bibliotheekvernieuwnig"})
    assert response.context["page"].paginator.count == 1
