from django.urls import path

from cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("nieuwe-groep/", views.group_create, name="group_create"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("bestand/<int:pk>/<path:filename>", views.download, name="download"),
    path("miniatuur/<int:pk>/", views.thumbnail, name="thumbnail"),
    path("<slug:slug>/", views.group_detail, name="group"),
    path("<slug:slug>/map/<int:folder_id>/", views.group_detail, name="folder"),
    path("<slug:slug>/bewerken/", views.group_edit, name="group_edit"),
    path("<slug:slug>/lid-worden/", views.group_join, name="join"),
    path("<slug:slug>/verlaten/", views.group_leave, name="leave"),
    path("<slug:slug>/leden/", views.members, name="members"),
    path("<slug:slug>/leden/<int:pk>/rol/", views.member_role, name="member_role"),
    path("<slug:slug>/leden/<int:pk>/verwijderen/", views.member_remove, name="member_remove"),
    path("<slug:slug>/leden/<int:pk>/eigenaar/", views.ownership_transfer, name="transfer"),
    path(
        "<slug:slug>/aanvragen/<int:pk>/<str:answer>/",
        views.join_request_answer,
        name="join_request_answer",
    ),
    path("<slug:slug>/uitnodigen/", views.invite, name="invite"),
    path("<slug:slug>/mappen/", views.folder_create, name="folder_create"),
    path("<slug:slug>/uploaden/", views.upload, name="upload"),
    path("<slug:slug>/uploaden/stuk/", views.upload_chunk, name="upload_chunk"),
    path("<slug:slug>/prullenbak/", views.trash, name="trash"),
    path("<slug:slug>/documenten/<int:pk>/", views.document_detail, name="document"),
    path("<slug:slug>/documenten/<int:pk>/versie/", views.version_add, name="version_add"),
    path(
        "<slug:slug>/documenten/<int:pk>/versies/<int:number>/terugzetten/",
        views.version_restore,
        name="version_restore",
    ),
    path("<slug:slug>/documenten/<int:pk>/verwijderen/", views.document_trash, name="trash_add"),
    path(
        "<slug:slug>/documenten/<int:pk>/terugzetten/",
        views.document_restore,
        name="document_restore",
    ),
]
