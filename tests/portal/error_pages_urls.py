"""The site's URLs and error handlers, plus a page that fails, for test_error_pages.py."""

from django.urls import path

from portal.urls import handler400, handler403, handler404  # noqa: F401 (the site's handlers)
from portal.urls import urlpatterns as site_urlpatterns

INTERNAL_DETAIL = "geheime-interne-fout-4411"


def broken_page(request):
    raise RuntimeError(f"the page broke: {INTERNAL_DETAIL}")


urlpatterns = [path("test/kapot/", broken_page), *site_urlpatterns]
