from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("zoeken/", include("search.urls")),
    # learning's URLs sit at the root: /leren/... and the cached anonymous /leerplatform/ list.
    path("", include("learning.urls")),
    # Discussions of a group (/cooperatie/<group>/discussies/...), a nested app of cooperation.
    path("cooperatie/<slug:slug>/discussies/", include("cooperation.discussions.urls")),
    path("cooperatie/", include("cooperation.urls")),
    path("live/", include("live.urls")),
    path("gezondheid/", views.health, name="health"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else; it comes last.
urlpatterns += [path("", include(wagtail_urls))]
