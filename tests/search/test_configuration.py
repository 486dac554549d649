"""SEARCH_URL chooses the engine; ELASTICSEARCH_URL, its older name, still means Elasticsearch."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import search_engine


@pytest.mark.parametrize(
    ("url", "engine", "expected"),
    [
        ("opensearch://127.0.0.1:9200", "", ("opensearch", "http://127.0.0.1:9200")),
        (
            "opensearchs://u:p@search.example.org",
            "",
            ("opensearch", "https://u:p@search.example.org"),
        ),
        ("elasticsearch://es:9200", "", ("elasticsearch", "http://es:9200")),
        ("elasticsearchs://es:9200", "", ("elasticsearch", "https://es:9200")),
        (
            "https://es.example.org:9200",
            "elasticsearch",
            ("elasticsearch", "https://es.example.org:9200"),
        ),
        ("http://127.0.0.1:9200", "", ("opensearch", "http://127.0.0.1:9200")),
    ],
)
def test_search_url_names_the_engine(url, engine, expected):
    assert search_engine(url, engine) == expected


@pytest.mark.parametrize(("url", "engine"), [("solr://x:8983", ""), ("http://x:9200", "solr")])
def test_an_unknown_engine_stops_the_start_with_a_message(url, engine):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_"):
        search_engine(url, engine)


def test_the_old_name_still_means_elasticsearch():
    import subprocess
    import sys

    code = "from django.conf import settings as s; print(s.WAGTAILSEARCH_BACKENDS)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "ELASTICSEARCH_URL": "http://es:9200",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'BACKEND': 'search.backends.engine.ElasticsearchBackend'" in result.stdout
