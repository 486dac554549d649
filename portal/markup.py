"""Text people write in posts, minutes, agendas and news: Markdown (no raw HTML) rendered to HTML,
then made safe by the project's one sanitiser. Store the result on save; never trust it elsewhere.

The front end enhances any <textarea data-editor="markdown"> into the editor with its toolbar
(bold, italics, lists, links, quotes, code); without JavaScript it is a plain Markdown textarea."""

from markdown_it import MarkdownIt

from portal.sanitize import plain_text, sanitize_html

# CommonMark with raw HTML switched off ("<b>" stays text) and bare links made clickable;
# headings are allowed by the sanitiser only from h2 down, so "# Title" is rendered as h2.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True}).enable(
    ["linkify", "strikethrough"]
)


def render_markdown(text: str) -> str:
    html = _markdown.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_html(html)


def markdown_to_text(text: str) -> str:
    """The plain words of a Markdown text, for search, e-mail and snippets."""
    return plain_text(render_markdown(text))
