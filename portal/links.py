"""Absolute URLs: one source, `SITE_URL`.

Every address the platform hands out to be followed elsewhere (e-mails, calendar files and feeds,
API fields, webhook payloads, export files) is built here. Neither the request's host (a proxy or
a test client may name another) nor Wagtail's Site record (`http://localhost/` until someone edits
it in the admin) may decide where a link in a mail points: a production install sent dead links
that way.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """The public base URL, without a trailing slash: `https://kennisplein.example.org`."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (`/leerplatform/…`, with its query and fragment) on the public base URL. An address
    that is already absolute is moved onto the base URL too, keeping its path, query and
    fragment: it came from a host name nobody should follow (the request's or the Site record's)."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        path = parts._replace(scheme="", netloc="").geturl()
    if not path.startswith("/"):
        path = f"/{path}"
    return site_url() + path


def page_url(page) -> str:
    """A Wagtail page's public address. The page's path within its site, not `get_full_url()`,
    whose host is the Site record's."""
    parts = page.get_url_parts()
    if parts is None:  # not routable (outside every site's tree)
        return site_url() + "/"
    return absolute_url(parts[2])


def site_host_and_port() -> tuple[str, int]:
    """Where Wagtail's Site record should point, so that the admin's "view live" links and
    Wagtail's own full URLs agree with `SITE_URL`."""
    parts = urlsplit(site_url())
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)
