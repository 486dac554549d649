from django.urls import include, path

from tests.sso.provider import views

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", views.ProviderLoginView.as_view(), name="login"),
    path("logout/", views.provider_logout, name="logout"),
    path("control/client/", views.control_client),
    path("control/person/", views.control_person),
]
