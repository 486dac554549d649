"""The sources are registered by the apps that own them (<app>/search.py, autodiscovered), in the
order the results page has always shown the kinds."""

from search.sources import BY_KIND, SOURCES, Hit, Source, lazy_model, register

OWNERS = {
    "webinar": "learning.search",
    "series": "learning.search",
    "speaker": "learning.search",
    "group": "cooperation.search",
    "document": "cooperation.search",
    "recording": "learning.search",
    "page": "portal.search",
    "thread": "cooperation.discussions.search",
    "meeting": "cooperation.meetings.search",
    "publication": "cooperation.meetings.search",
    "news": "cooperation.meetings.search",
}


def test_each_app_registers_its_sources_in_the_facet_order():
    assert [source.kind for source in SOURCES] == list(OWNERS)
    assert list(BY_KIND) == list(OWNERS)
    assert {source.kind: source.present.__module__ for source in SOURCES} == OWNERS


def test_registering_a_kind_again_replaces_it_in_its_place():
    before = list(SOURCES)
    news = BY_KIND["news"]
    extra = Source(
        kind="extra",
        label="Extra",
        model=lazy_model("meetings.NewsItem"),
        visible=news.visible,
        present=lambda obj, request, query="": Hit(kind="extra", kind_label="", title="", url=""),
        order=15,
    )
    try:
        register(extra)
        register(extra)
        assert [source.kind for source in SOURCES][:3] == ["webinar", "extra", "series"]
        assert len(SOURCES) == len(before) + 1
    finally:
        BY_KIND.pop("extra")
        SOURCES[:] = before
    assert list(BY_KIND) == list(OWNERS)
