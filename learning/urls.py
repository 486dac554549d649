from django.urls import path

from learning import views

app_name = "learning"
urlpatterns = [
    # The Leerplatform page itself is a Wagtail page; this door only answers anonymous visitors
    # from the cache before Wagtail's routing (site lookup, three page queries) and hands
    # everything else to Wagtail's own serve view. See selectors.cached_for_anonymous.
    path("leerplatform/", views.webinar_index, name="index"),
    path("leren/webinar/<int:webinar_id>/inschrijven/", views.register, name="register"),
    path("leren/webinar/<int:webinar_id>/annuleren/", views.cancel, name="cancel"),
    path(
        "leren/webinar/<int:webinar_id>/annuleren/ongedaan-maken/",
        views.cancel_undo,
        name="cancel_undo",
    ),
    path("leren/webinar/<int:webinar_id>/deelnemen/", views.join, name="join"),
    path("leren/webinar/<int:webinar_id>/agenda.ics", views.webinar_ics, name="webinar_ics"),
    path("leren/webinar/<int:webinar_id>/opname/", views.recording, name="recording"),
    path("leren/webinar/<int:webinar_id>/ondertitels.vtt", views.captions, name="captions"),
    path("leren/agenda.ics", views.public_feed, name="public_feed"),
    path("leren/agenda/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("leren/agenda/vernieuwen/", views.feed_revoke, name="feed_revoke"),
    path("leren/mijn/", views.my_learning, name="my_learning"),
    path("leren/certificaat/<int:registration_id>/", views.certificate, name="certificate"),
    path("leren/bibliotheek/", views.library_report, name="library_report"),
    path("leren/netwerk/", views.network_report, name="network_report"),
]
