"""A search engine (OpenSearch, Elasticsearch): the permission filters of every source compile to
the engine's query (runs everywhere, no engine needed). Searches on a real engine are the other
search tests, run with SEARCH_URL set (CI's third pass, against an OpenSearch node)."""

import json

import pytest
from modelsearch.query import PlainText

from search.backends.engine import ElasticsearchBackend, OpenSearchBackend
from search.sources import SOURCES
from tests.search.test_leaks import person as person  # noqa: F401,PLC0414 (fixture)

ENGINES = [OpenSearchBackend, ElasticsearchBackend]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda engine: engine.__name__)
@pytest.mark.parametrize("person", ["anonymous", "outsider", "member", "staff"], indirect=True)
@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.kind)
def test_permission_filter_compiles_to_an_engine_query(rf, person, source, member, engine):
    """Every condition of the permission filter is on a FilterField with concrete values, so
    the engine applies it in the query itself (a subquery or a join would raise here), and none
    is dropped."""
    backend = engine({"URLS": ["http://127.0.0.1:9"]})  # never contacted
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    user = {"anonymous": AnonymousUser(), "member": member}.get(person)
    if user is None:
        user = User.objects.filter(is_superuser=(person == "staff")).exclude(pk=member.pk).first()
    queryset = source.search_queryset(user)
    compiler = backend.query_compiler_class(queryset, PlainText("bibliotheek"))
    compiler.check()
    query = json.dumps(compiler.get_query(), default=str)  # plain data, nothing to evaluate
    if source.materialise == "ids":
        # Filters on a page type's `id` (its page_ptr_id column) were dropped by the engines,
        # and restricted pages were counted for everyone.
        assert f'"{source.ids_field}_filter"' in query, "the permission filter was dropped"


@pytest.mark.parametrize("engine", ENGINES, ids=lambda engine: engine.__name__)
def test_words_of_five_letters_or_more_may_have_one_typo(db, engine):
    """Fuzziness AUTO:5,100: one edit from five letters on, none below (the engines' rule for
    the analysed words); suggestions stay exact."""
    from cooperation.models import Document

    backend = engine({"URLS": ["http://127.0.0.1:9"]})  # never contacted
    compiler = backend.query_compiler_class(Document.objects.all(), PlainText("bibliotbeek"))
    assert json.dumps(compiler.get_query()).count('"fuzziness": "AUTO:5,100"') >= 1
    suggest = backend.autocomplete_query_compiler_class(Document.objects.all(), PlainText("bibl"))
    assert "fuzziness" not in json.dumps(suggest.get_query())
