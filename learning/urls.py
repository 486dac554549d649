from django.urls import path

from learning import views

app_name = "learning"
urlpatterns = [
    path("webinar/<int:webinar_id>/inschrijven/", views.register, name="register"),
    path("webinar/<int:webinar_id>/annuleren/", views.cancel, name="cancel"),
    path("webinar/<int:webinar_id>/deelnemen/", views.join, name="join"),
    path("webinar/<int:webinar_id>/agenda.ics", views.webinar_ics, name="webinar_ics"),
    path("webinar/<int:webinar_id>/opname/", views.recording, name="recording"),
    path("webinar/<int:webinar_id>/ondertitels.vtt", views.captions, name="captions"),
    path("agenda.ics", views.public_feed, name="public_feed"),
    path("agenda/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("agenda/vernieuwen/", views.feed_revoke, name="feed_revoke"),
    path("mijn/", views.my_learning, name="my_learning"),
    path("certificaat/<int:registration_id>/", views.certificate, name="certificate"),
    path("bibliotheek/", views.library_report, name="library_report"),
    path("netwerk/", views.network_report, name="network_report"),
]
