"""Included by portal/urls.py under /cooperatie/<slug>/discussies/: every view gets the group's
slug as `slug`."""

from django.urls import path

from cooperation.discussions import views

app_name = "discussions"

urlpatterns = [
    path("", views.thread_list, name="threads"),
    path("nieuw/", views.thread_create, name="thread_create"),
    path("volgen/", views.group_follow, name="group_follow"),
    path("leden/", views.member_search, name="member_search"),
    path("<int:pk>/", views.thread_detail, name="thread_short"),
    path("<int:pk>-<slug:thread_slug>/", views.thread_detail, name="thread"),
    path("<int:pk>/berichten/", views.posts_fragment, name="posts_fragment"),
    path("<int:pk>/volgen/", views.thread_follow, name="thread_follow"),
    path("<int:pk>/beheer/<str:action>/", views.thread_moderate, name="thread_moderate"),
    path("<int:pk>/verwijderen/", views.thread_delete, name="thread_delete"),
    path("<int:pk>/antwoord/", views.answer, name="answer"),
    path("<int:pk>/berichten/<int:post_id>/bewerken/", views.post_edit, name="post_edit"),
    path("<int:pk>/berichten/<int:post_id>/verwijderen/", views.post_delete, name="post_delete"),
    path("<int:pk>/berichten/<int:post_id>/geschiedenis/", views.post_history, name="post_history"),
]
