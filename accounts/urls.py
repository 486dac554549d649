from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profiel/", views.profile, name="profile"),
    path("taal/", views.set_language, name="set_language"),
    # Next to allauth's /account/oidc/<provider_id>/login/callback/: the address a provider is
    # given as its back-channel logout URI.
    path(
        "oidc/<str:provider_id>/backchannel-logout/",
        views.backchannel_logout,
        name="backchannel_logout",
    ),
]
