from portal.markup import markdown_to_text, render_markdown


def test_formatting_people_use_in_posts_survives():
    html = render_markdown(
        "**vet** en *schuin*\n\n- een\n- twee\n\n> citaat\n\n`code` [link](https://example.org)"
    )
    for piece in (
        "<strong>vet</strong>",
        "<em>schuin</em>",
        "<li>een</li>",
        "<blockquote>",
        "<code>code</code>",
        'href="https://example.org"',
    ):
        assert piece in html


def test_raw_html_and_script_links_never_come_through():
    html = render_markdown(
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1))"
    )
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html  # shown as text, never a link


def test_plain_text_for_snippets():
    assert markdown_to_text("**Begroting** 2027") == "Begroting 2027\n"
