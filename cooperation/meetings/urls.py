"""Meetings and news: the group's pages under /cooperatie/<group>/, the meeting files under
/vergaderingen/<id>/ (one door for members and, once published, for everyone; no group slug in
them, so a secret group's published recording does not name the group), the public
Presentaties page and the news. Included before cooperation's URLs at the site root."""

from django.urls import path

from cooperation.meetings import views

app_name = "meetings"

GROUP = "cooperatie/<slug:slug>/"
MEETING = GROUP + "vergaderingen/<int:pk>/"

urlpatterns = [
    path(GROUP + "vergaderingen/", views.meeting_list, name="list"),
    path(GROUP + "vergaderingen/nieuw/", views.meeting_create, name="create"),
    path(MEETING, views.meeting_detail, name="detail"),
    path(MEETING + "bewerken/", views.meeting_edit, name="edit"),
    path(MEETING + "bewerken/<str:section>/", views.meeting_manage, name="manage"),
    path(MEETING + "verwijderen/", views.meeting_delete, name="delete"),
    path(MEETING + "agenda.ics", views.meeting_ics, name="ics"),
    path(MEETING + "notulen/<str:action>/", views.minutes, name="minutes"),
    path(MEETING + "besluiten/", views.decision_add, name="decision_add"),
    path(MEETING + "acties/", views.action_item_add, name="action_add"),
    path(MEETING + "acties/<int:item_pk>/klaar/", views.action_item_done, name="action_done"),
    path(MEETING + "deelnemers/", views.participant_set, name="participant_set"),
    path(MEETING + "presentaties/", views.presentation_add, name="presentation_add"),
    path(
        MEETING + "presentaties/<int:document_pk>/verwijderen/",
        views.presentation_remove,
        name="presentation_remove",
    ),
    path(MEETING + "opname/", views.recording_upload, name="recording_upload"),
    path(MEETING + "publiceren/", views.meeting_publish, name="publish"),
    path(GROUP + "besluitenlijst/", views.decision_register, name="register"),
    path(GROUP + "nieuws/", views.group_news, name="group_news"),
    path(GROUP + "nieuws/nieuw/", views.news_create, name="news_create"),
    path(GROUP + "nieuws/<int:pk>/bewerken/", views.news_edit, name="news_edit"),
    path(GROUP + "nieuws/<int:pk>/intrekken/", views.news_unpublish, name="news_unpublish"),
    path("vergaderingen/<int:pk>/opname/", views.recording, name="recording"),
    path("vergaderingen/<int:pk>/ondertitels.vtt", views.captions, name="captions"),
    path(
        "vergaderingen/<int:pk>/presentatie/<int:document_pk>/<path:filename>",
        views.presentation_download,
        name="presentation",
    ),
    path("presentaties/", views.published_list, name="published"),
    path("presentaties/<int:pk>/", views.published_detail, name="public_detail"),
    path("nieuws/", views.news_list, name="news"),
    path("nieuws/feed/", views.NewsFeed(), name="news_feed"),
    path("nieuws/<slug:slug>/", views.news_detail, name="news_detail"),
]
