from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.statement, name="statement"),
    path("account/mijn-gegevens/", views.my_data, name="my_data"),
    path("account/mijn-gegevens/<uuid:token>/", views.export_download, name="export_download"),
    path("account/verwijderen/", views.erase, name="erase"),
    path("account/verwijderen/<str:token>/", views.erase_confirm, name="erase_confirm"),
]
