from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("profiel/", views.profile, name="profile"),
    path("taal/", views.set_language, name="set_language"),
]
