from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from api.v1 import api as api_v1
from api.views import api_not_found
from portal import views

urlpatterns = [
    # Staff log in where everyone does (rate limits, two-factor): see WAGTAILADMIN_LOGIN_URL.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include("portal.documents")),
    path("account/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("account/api-sleutels/", include("api.urls")),
    # The REST API (docs/api.md); an unknown address under it answers in the API's error shape.
    path("api/v1/", api_v1.urls),
    re_path(r"^api/v1/", api_not_found),
    path("zoeken/", include("search.urls")),
    # learning's URLs sit at the root: /leren/... and the cached anonymous /leerplatform/ list.
    path("", include("learning.urls")),
    # meetings and news: /cooperatie/<group>/vergaderingen/, /presentaties/, /nieuws/
    path("", include("cooperation.meetings.urls")),
    # Discussions of a group (/cooperatie/<group>/discussies/...), a nested app of cooperation.
    path("cooperatie/<slug:slug>/discussies/", include("cooperation.discussions.urls")),
    path("cooperatie/", include("cooperation.urls")),
    path("live/", include("live.urls")),
    path("", include("notifications.urls")),  # /meldingen/ and /account/meldingen/
    # /privacy/, /account/mijn-gegevens/ and /account/verwijderen/
    path("", include("privacy.urls")),
    path("health/", views.health, name="health"),
    path("gezondheid/", views.health),  # the Dutch address of earlier releases
    path("favicon.ico", views.favicon),
]

# Only image renditions (speaker photos) are public files; every other upload is served by a view
# that checks permission. Behind nginx, nginx serves this folder itself (deploy/nginx.conf).
urlpatterns += [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/images/(?P<path>.+)$", views.image_rendition)
]

# Wagtail's page tree serves everything else; it comes last.
urlpatterns += [path("", include(wagtail_urls))]

# Error pages in the site's design and the reader's language; a server error keeps Django's own
# handler, which renders the self-contained templates/500.html.
handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
