"""The tests' search engine indexes (with SEARCH_URL): made once per worker, emptied per test."""

import json

from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models


def unreachable() -> dict:
    """Connection settings of an engine that cannot be reached: the discard port, where nothing
    listens, refused at once and not tried again. New each time: modelsearch writes the client's
    timeout into the OPTIONS it is given, under a name of each engine's own."""
    return {"URLS": ["http://127.0.0.1:9"], "TIMEOUT": 1, "OPTIONS": {"max_retries": 0}}


def create_indexes():
    """Empty indexes with their mappings, as `update_index` makes them (a write to a missing
    index would make one with guessed field types)."""
    backend = get_search_backend()
    indexes = {}
    for model in get_indexed_models():
        index = backend.get_index_for_model(model)
        indexes.setdefault(index.name, (index, []))[1].append(model)
    for index, models in indexes.values():
        for stale in backend.es.indices.get(index=f"{index.name}*", ignore_unavailable=True):
            backend.es.indices.delete(index=stale)
        index.put()
        for model in models:
            index.add_model(model)


def empty_indexes():
    """Deletes every document (by search and bulk delete: delete-by-query is a module the test
    node does not have)."""
    backend = get_search_backend()
    found = backend.es.search(
        index=f"{backend.index_prefix}*",
        body={"query": {"match_all": {}}, "size": 10_000, "_source": False},
    )["hits"]["hits"]
    if found:
        actions = "".join(
            json.dumps({"delete": {"_index": hit["_index"], "_id": hit["_id"]}}) + "\n"
            for hit in found
        )
        backend.es.bulk(body=actions, refresh=True)
