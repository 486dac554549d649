from django.urls import path

from live import views

app_name = "live"
urlpatterns = [
    path("<slug:kind>/<str:pk>/", views.room, name="room"),
    path("<slug:kind>/<str:pk>/berichten/", views.history, name="history"),
]
