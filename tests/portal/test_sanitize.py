import pytest

from portal.sanitize import plain_text, sanitize_html

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="JaVaScRiPt&colon;alert(1)">klik</a>',
    '<form action="https://evil.example"><input name="x"></form>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]


@pytest.mark.parametrize("payload", ATTACKS)
def test_active_content_is_removed(payload):
    cleaned = sanitize_html(payload).lower()
    for marker in ("<script", "onerror", "onload", "javascript:", "data:", "<iframe", "<form",
                   "style=", "<svg", "<img"):  # fmt: skip
        assert marker not in cleaned, (payload, cleaned)


def test_light_formatting_and_links_survive():
    html = '<p><b>Vet</b>, <em>schuin</em> en <a href="https://bib.example/x">een link</a></p>'
    assert sanitize_html(html) == (
        '<p><b>Vet</b>, <em>schuin</em> en <a href="https://bib.example/x" '
        'rel="noopener noreferrer nofollow ugc">een link</a></p>'
    )


def test_plain_text_keeps_only_the_words():
    assert plain_text("<p>Hallo <b>wereld</b><script>x()</script></p>") == "Hallo wereld"
