"""Every payload of the corpus, through the one Markdown renderer and sanitiser and through the
discussions' post renderer (with mentions marked): nothing outside the allow-list comes out."""

from types import SimpleNamespace

import pytest

from cooperation.discussions.mentions import render_post
from portal.markup import render_markdown
from tests.security.html_check import unsafe_parts, url_scheme
from tests.security.xss_payloads import PAYLOADS

MEMBER = SimpleNamespace(display_name="Wies Werkgroep")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_the_markdown_renderer(payload):
    for html in (render_markdown(payload), render_post(payload, [MEMBER])):
        assert unsafe_parts(html) == [], html
        assert "<script" not in html.lower()


def test_the_checker_sees_what_it_must():
    assert unsafe_parts('<img src=x onerror="alert(1)">') == [
        "tag <img>",
        "attribute src on <img>",
        "attribute onerror on <img>",
    ]
    assert unsafe_parts('<a href="jav&#x09;ascript:alert(1)">x</a>') == ["javascript: URL on <a>"]
    assert unsafe_parts('<a href="https://ok.test" rel="nofollow">x</a>') == []
    assert url_scheme(" JaVa\tScript:alert(1)") == "javascript"
    assert url_scheme("/relative:path") is None


def test_many_payloads_in_one_post_stay_harmless():
    html = render_post("\n\n".join(PAYLOADS), [MEMBER])
    assert unsafe_parts(html) == []  # so no src, srcset, style or action that would load
