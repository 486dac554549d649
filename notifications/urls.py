from django.urls import path

from notifications import views

app_name = "notifications"

# Included at the site's root (portal/urls.py): the settings page sits with the account pages.
urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/gelezen/", views.mark_all_read, name="mark_all_read"),
    path("meldingen/<int:pk>/", views.notification_open, name="open"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("account/meldingen/", views.email_settings, name="settings"),
]
