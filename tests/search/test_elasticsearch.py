"""Elasticsearch: the permission filters of every source compile to an Elasticsearch query
(runs everywhere, no cluster needed), and searches run against a real cluster when
ELASTICSEARCH_URL is set."""

import json
import os

import pytest
from django.urls import reverse
from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend
from modelsearch.query import PlainText

from search.sources import SOURCES
from tests.search.test_leaks import TABLE
from tests.search.test_leaks import person as person  # noqa: F401,PLC0414 (fixture)

needs_cluster = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to search in "
    "(the filter compilation test above still runs).",
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


@needs_cluster
@pytest.mark.parametrize("person", ["anonymous", "outsider", "member", "staff"], indirect=True)
@pytest.mark.parametrize(("word", "seen_by"), TABLE)
def test_elasticsearch_shows_only_what_the_person_may_see(client, person, word, seen_by):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    response = client.get(reverse("search:search"), {"q": word})
    found = response.context["page"].paginator.count
    assert (found > 0) == (person in seen_by)
