"""A search engine behind the search box (`SEARCH_URL`): modelsearch's OpenSearch 2 and
Elasticsearch 9 backends, with two things of ours on both.

Typo tolerance: every word of five letters or more may differ by one edit (a letter left out,
added, changed, or two swapped) from a word in the index: fuzziness `AUTO:5,100` on the query
(words under five letters match exactly; a second edit only from 100 letters on). Suggestions
(autocomplete) stay exact. The database backends correct typos differently: search/vocabulary.py.

Writes that survive the engine being away: modelsearch logs a failed index write and forgets it,
so a document saved while the engine is down would stay missing (or a deleted one findable)
until the next full `update_index`. Here a write that fails is remembered
(search.models.PendingIndexChange) and done again by `index_pending_changes`, after the next write
that succeeds and every minute from the scheduler. Each remembered change names an object only:
it is indexed as it then is in the database, or removed when it is gone, so order and repeats do
not matter.
"""

import logging
import os

import elastic_transport
import elasticsearch
import opensearchpy
from modelsearch.backends import elasticsearch9, opensearch2

logger = logging.getLogger(__name__)

FUZZINESS = "AUTO:5,100"


class FuzzyQueries:
    def _compile_plaintext_query(self, query, fields, boost=1.0):
        compiled = super()._compile_plaintext_query(query, fields, boost)
        if "multi_match" in compiled:
            compiled["multi_match"]["fuzziness"] = FUZZINESS
        else:
            for options in compiled["match"].values():
                options["fuzziness"] = FUZZINESS
        return compiled


class MultiSearch:
    """Several searches in one request: the unified search asks every source at once
    (search/engine_search.py)."""

    def multi_search(self, requests: list[tuple[str, dict]]) -> list[dict]:
        """The answers of several searches (index, body) sent as one request (`_msearch`)."""
        lines = []
        for index_name, body in requests:
            lines += [{"index": index_name}, body]
        answers = self._msearch(lines)["responses"]
        for answer in answers:
            if "error" in answer:
                raise EngineRefused(answer["error"], answer.get("status"))
        return answers

    def _msearch(self, lines):
        raise NotImplementedError


class WritesSurviveOutages:
    """Index writes of single objects (modelsearch's save and delete handlers) that fail because
    the engine is away are remembered and done again later."""

    # Every error of the engine's client, named by each backend below: the search page answers
    # "unavailable" on any of them.
    engine_errors: tuple[type[BaseException], ...] = ()

    def __init__(self, params):
        # REFRESH_WRITES: each write is searchable before it returns (the tests search right
        # after a save); otherwise within the index's refresh interval (one second).
        self.refresh_writes = params.pop("REFRESH_WRITES", False)
        super().__init__(params)

    def add(self, obj):
        self._write(obj, super().add)

    def delete(self, obj):
        self._write(obj, super().delete)

    def _write(self, obj, write):
        from search.models import PendingIndexChange

        try:
            write(obj)
        except self.engine_errors as error:
            if not self.is_unavailable(error):
                raise
            logger.warning("Search engine unavailable, %s kept for later: %s", _name(obj), error)
            PendingIndexChange.remember(obj)
            return
        self._refresh_after_write(obj)
        if PendingIndexChange.objects.exists():
            from search.tasks import index_pending_changes

            index_pending_changes.enqueue()

    def write_now(self, obj, *, exists: bool):
        """Index `obj` as it is, or remove it; raises when the engine is away."""
        (super().add if exists else super().delete)(obj)
        self._refresh_after_write(obj)

    def _refresh_after_write(self, obj):
        if self.refresh_writes:
            self.get_index_for_model(type(obj)).refresh()

    @staticmethod
    def is_unavailable(error) -> bool:
        """Away or overloaded for now (no answer, a timeout, 429 or 5xx), as opposed to a request
        the engine will never take."""
        status = getattr(error, "status_code", None) or getattr(
            getattr(error, "meta", None), "status", None
        )
        return not isinstance(status, int) or status == 429 or status >= 500


class EngineRefused(Exception):
    """One search of a multi-search request was refused (its error and status)."""

    def __init__(self, error, status):
        super().__init__(error)
        self.status_code = status


def shared_client(client_class):
    """One client per process and configuration: modelsearch makes a backend, and so a client,
    for every search, and a client of its own keeps no connection open to the next one. Per
    process: a forked process that wrote into its parent's open connections mixed their
    requests ("Failed to parse request body")."""
    clients = {}

    def client(**options):
        key = (os.getpid(), repr(sorted(options.items())))
        if key not in clients:
            clients[key] = client_class(**options)
        return clients[key]

    return staticmethod(client)


def _name(obj) -> str:
    return f"{obj._meta.label} {obj.pk}"


class OpenSearchQueryCompiler(FuzzyQueries, opensearch2.OpenSearch2SearchQueryCompiler):
    pass


class OpenSearchBackend(MultiSearch, WritesSurviveOutages, opensearch2.OpenSearch2SearchBackend):
    query_compiler_class = OpenSearchQueryCompiler
    client_class = shared_client(opensearch2.OpenSearch2SearchBackend.client_class)
    # ConnectionError (and its timeout) is a TransportError without a status code
    engine_errors = (opensearchpy.TransportError, EngineRefused)

    def _msearch(self, lines):
        return self.es.msearch(body=lines)


class ElasticsearchQueryCompiler(FuzzyQueries, elasticsearch9.Elasticsearch9SearchQueryCompiler):
    pass


class ElasticsearchBackend(
    MultiSearch, WritesSurviveOutages, elasticsearch9.Elasticsearch9SearchBackend
):
    query_compiler_class = ElasticsearchQueryCompiler
    client_class = shared_client(elasticsearch9.Elasticsearch9SearchBackend.client_class)
    # TransportError: no answer (connection, timeout); ApiError: an answer with a status
    engine_errors = (elastic_transport.TransportError, elasticsearch.ApiError, EngineRefused)

    def _msearch(self, lines):
        return self.es.msearch(searches=lines)
