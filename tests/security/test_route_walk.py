"""The route walk: every URL the project serves, as every kind of person, against content of every
visibility (tests/security/world.py). Two rules hold for every response:

- nobody meets the marker word of a visibility they may not see, whatever the status;
- where a row says the content is shown, whoever may see it gets 200 and meets the marker, so the
  walk cannot pass by asking for addresses that do not exist.

The URL resolver and the WebSocket router are read whole: a new pattern without a row here fails
`test_every_route_has_a_row`, so no door is added without a rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from learning.models import CalendarFeed
from tests.security.world import (
    HIDDEN,
    MARKERS,
    MAY_SEE,
    PERSONAS,
    PUBLIC,
    SEARCH_WORDS,
    SECRET,
    VISIBILITIES,
    World,
    build_world,
)

# (url, visibility of what it shows or None)
Targets = list[tuple[str, str | None]]


@dataclass(frozen=True)
class Row:
    urls: Callable[[World, str], Targets]
    # Whoever may see the visibility gets 200 with its marker: for every visibility (True), or
    # only for those named (published material, for instance, only exists publicly in PUBLIC).
    shows: bool | frozenset = False
    for_logged_in: bool = False  # shown only to people who are logged in (live rooms)


def per_visibility(build: Callable[[World, str], str], *, shows=False) -> Row:
    return Row(lambda world, persona: [(build(world, v), v) for v in VISIBILITIES], shows=shows)


def fixed(*paths: str) -> Row:
    return Row(lambda world, persona: [(path, None) for path in paths])


def _group(name, **extra):
    return lambda w, v: reverse(f"cooperation:{name}", kwargs={"slug": w.groups[v].slug, **extra})


def _document(name):
    return lambda w, v: reverse(
        f"cooperation:{name}", kwargs={"slug": w.groups[v].slug, "pk": w.documents[v].pk}
    )


def _webinar(name):
    return lambda w, v: reverse(f"learning:{name}", kwargs={"webinar_id": w.webinars[v].pk})


def _meeting(name, **extra):
    def build(w, v):
        kwargs = {"slug": w.groups[v].slug, "pk": w.meetings[v].pk}
        return reverse(f"meetings:{name}", kwargs={**kwargs, **extra})

    return build


def _news(name):
    return lambda w, v: reverse(
        f"meetings:{name}", kwargs={"slug": w.groups[v].slug, "pk": w.news[v].pk}
    )


def _thread(name, **extra):
    def build(w, v):
        kwargs = {"slug": w.groups[v].slug, "pk": w.threads[v].pk, **extra}
        if "post_id" in extra:
            kwargs["post_id"] = w.replies[v].pk
        return reverse(f"discussions:{name}", kwargs=kwargs)

    return build


def _search(name, prefix: int | None = None):
    def urls(world, persona):
        return [
            (f"{reverse(name)}?q={SEARCH_WORDS[v][:prefix] if prefix else SEARCH_WORDS[v]}", v)
            for v in VISIBILITIES
        ]

    return Row(urls, shows=True)


def _api(build: Callable[[World, str], str], *, shows: bool | frozenset = True) -> Row:
    """An API address per visibility, read with the browser session (the API's docs may): like
    every page, it shows what its person may see and nothing else; anonymous people get 401."""
    return Row(
        lambda w, p: [(f"/api/v1/{build(w, v)}", v) for v in VISIBILITIES],
        shows=shows,
        for_logged_in=True,
    )


def _own_feed(world, persona):
    if persona == "anonymous":
        return [(reverse("learning:personal_feed", args=["not-a-token"]), None)]
    feed, _ = CalendarFeed.objects.get_or_create(user=world.people[persona])
    return [(reverse("learning:personal_feed", args=[feed.token]), None)]


def _members_notifications(world, persona):
    from notifications.models import Notification

    return [
        (reverse("notifications:open", args=[pk]), None)
        for pk in Notification.objects.filter(recipient=world.people["member"]).values_list(
            "pk", flat=True
        )
    ]


def _exports(world, persona):
    """Each person's own export, and the member's, whose archive holds the member's replies and
    registrations in every visibility (stored uncompressed: a leak would show its markers)."""
    from privacy import services as privacy

    urls = []
    for who in dict.fromkeys(["member", persona]):
        if who == "anonymous":
            continue
        export, _ = privacy.export_request(user=world.people[who])
        export = privacy.export_build(export_id=export.pk) or export
        urls.append((reverse("privacy:export_download", args=[export.token]), None))
    member_url = urls[0][0]
    return [*urls[1:], (member_url, SECRET)]


def _member_unsubscribe_token(world):
    from notifications.services import unsubscribe_token

    return unsubscribe_token(world.people["member"], "meeting")


ALLAUTH_FORMS = fixed(
    "/account/login/", "/account/signup/", "/account/password/reset/", "/account/inactive/"
)

# fmt: off
ROUTES: dict[str, Row] = {
    # Accounts (allauth and ours): forms about the person, no group content.
    "account/login/": ALLAUTH_FORMS,
    "account/logout/": fixed("/account/logout/"),
    "account/inactive/": ALLAUTH_FORMS,
    "account/signup/": ALLAUTH_FORMS,
    "account/reauthenticate/": fixed("/account/reauthenticate/"),
    # allauth 65.22: confirming who you are with a code sent by e-mail.
    "account/reauthenticate/code/": fixed("/account/reauthenticate/code/"),
    "account/reauthenticate/code/confirm/": fixed("/account/reauthenticate/code/confirm/"),
    "account/email/": fixed("/account/email/"),
    "account/confirm-email/": fixed("/account/confirm-email/"),
    "account/password/change/": fixed("/account/password/change/"),
    "account/password/set/": fixed("/account/password/set/"),
    "account/password/reset/": ALLAUTH_FORMS,
    "account/login/code/confirm/": fixed("/account/login/code/confirm/"),
    "account/^confirm-email/(?P<key>[-:\\w]+)/$": fixed("/account/confirm-email/bogus-key/"),
    "account/password/reset/key/done/": fixed("/account/password/reset/key/done/"),
    "account/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$":
        fixed("/account/password/reset/key/1-bogus/"),
    "account/password/reset/done/": fixed("/account/password/reset/done/"),
    "account/2fa/": fixed("/account/2fa/"),
    "account/2fa/authenticate/": fixed("/account/2fa/authenticate/"),
    "account/2fa/reauthenticate/": fixed("/account/2fa/reauthenticate/"),
    "account/2fa/totp/activate/": fixed("/account/2fa/totp/activate/"),
    "account/2fa/totp/deactivate/": fixed("/account/2fa/totp/deactivate/"),
    "account/2fa/recovery-codes/": fixed("/account/2fa/recovery-codes/"),
    "account/2fa/recovery-codes/generate/": fixed("/account/2fa/recovery-codes/generate/"),
    "account/2fa/recovery-codes/download/": fixed("/account/2fa/recovery-codes/download/"),
    "account/3rdparty/login/cancelled/": fixed("/account/3rdparty/login/cancelled/"),
    "account/3rdparty/login/error/": fixed("/account/3rdparty/login/error/"),
    "account/3rdparty/signup/": fixed("/account/3rdparty/signup/"),
    "account/3rdparty/": fixed("/account/3rdparty/"),
    "account/social/login/cancelled/": fixed("/account/social/login/cancelled/"),
    "account/social/login/error/": fixed("/account/social/login/error/"),
    "account/social/signup/": fixed("/account/social/signup/"),
    "account/social/connections/": fixed("/account/social/connections/"),
    "account/profiel/": fixed("/account/profiel/"),
    "account/taal/": fixed("/account/taal/"),  # POST only
    "account/sessions/": fixed("/account/sessions/"),  # the person's own sessions

    # Single sign-on (tests/sso): the provider's doors, no content; 404 while none is configured.
    "account/oidc/^(?P<provider_id>[^/]+)/login/": fixed("/account/oidc/sso/login/"),
    "account/oidc/^(?P<provider_id>[^/]+)/login/callback/":
        fixed("/account/oidc/sso/login/callback/?code=x&state=y"),
    "account/oidc/<str:provider_id>/backchannel-logout/":
        fixed("/account/oidc/sso/backchannel-logout/"),  # POST only, from the provider
    "account/^saml/(?P<organization_slug>[^/]+)/login/": fixed("/account/saml/idp/login/"),
    "account/^saml/(?P<organization_slug>[^/]+)/acs/": fixed("/account/saml/idp/acs/"),
    "account/^saml/(?P<organization_slug>[^/]+)/acs/finish/":
        fixed("/account/saml/idp/acs/finish/"),
    "account/^saml/(?P<organization_slug>[^/]+)/sls/": fixed("/account/saml/idp/sls/"),
    "account/^saml/(?P<organization_slug>[^/]+)/metadata/": fixed("/account/saml/idp/metadata/"),

    # Privacy rights (privacy/): the public page, and the person's own data and account.
    "privacy/": fixed("/privacy/"),
    "account/mijn-gegevens/": fixed("/account/mijn-gegevens/"),
    "account/mijn-gegevens/<uuid:token>/": Row(_exports),
    "account/verwijderen/": fixed("/account/verwijderen/"),  # deletes on POST only
    "account/verwijderen/<str:token>/": fixed("/account/verwijderen/vervalst/"),

    # Search: each visibility's marker word, typed into the box and the suggestions.
    "zoeken/": _search("search:search"),
    "zoeken/suggesties/": _search("search:suggest", prefix=8),

    # Leerplatform
    "leerplatform/": fixed("/leerplatform/"),
    "leren/webinar/<int:webinar_id>/inschrijven/": per_visibility(_webinar("register")),
    "leren/webinar/<int:webinar_id>/annuleren/": per_visibility(_webinar("cancel")),
    "leren/webinar/<int:webinar_id>/annuleren/ongedaan-maken/":
        per_visibility(_webinar("cancel_undo")),
    "leren/webinar/<int:webinar_id>/deelnemen/": per_visibility(_webinar("join")),
    "leren/webinar/<int:webinar_id>/agenda.ics":
        per_visibility(_webinar("webinar_ics"), shows=True),
    "leren/webinar/<int:webinar_id>/opname/": per_visibility(_webinar("recording"), shows=True),
    "leren/webinar/<int:webinar_id>/ondertitels.vtt":
        per_visibility(_webinar("captions"), shows=True),
    "leren/agenda.ics": fixed("/leren/agenda.ics"),
    "leren/agenda/<str:token>.ics": Row(_own_feed),
    "leren/agenda/vernieuwen/": fixed("/leren/agenda/vernieuwen/"),
    "leren/mijn/": fixed("/leren/mijn/"),
    "leren/certificaat/<int:registration_id>/": per_visibility(
        lambda w, v: reverse("learning:certificate", args=[w.registrations[v].pk])
    ),
    "leren/bibliotheek/": fixed("/leren/bibliotheek/"),
    "leren/netwerk/": fixed("/leren/netwerk/"),

    # Coöperatieplatform
    "cooperatie/": fixed("/cooperatie/"),
    "cooperatie/nieuwe-groep/": fixed("/cooperatie/nieuwe-groep/"),
    "cooperatie/uitnodiging/<str:token>/": Row(
        lambda w, p: [(reverse("cooperation:invitation", args=[w.invitation.token]), PUBLIC)]
    ),
    "cooperatie/bestand/<int:pk>/<path:filename>": per_visibility(
        lambda w, v: reverse(
            "cooperation:download", args=[w.documents[v].current_version.pk, "verslag.txt"]
        ),
        shows=True,
    ),
    "cooperatie/miniatuur/<int:pk>/": per_visibility(
        lambda w, v: reverse("cooperation:thumbnail", args=[w.documents[v].current_version.pk])
    ),
    "cooperatie/<slug:slug>/": per_visibility(_group("group"), shows=True),
    "cooperatie/<slug:slug>/map/<int:folder_id>/": per_visibility(
        lambda w, v: reverse(
            "cooperation:folder", kwargs={"slug": w.groups[v].slug, "folder_id": w.folders[v].pk}
        ),
        shows=True,
    ),
    "cooperatie/<slug:slug>/bewerken/": per_visibility(_group("group_edit")),
    "cooperatie/<slug:slug>/lid-worden/": per_visibility(_group("join")),
    "cooperatie/<slug:slug>/verlaten/": per_visibility(_group("leave")),
    "cooperatie/<slug:slug>/leden/": per_visibility(_group("members")),
    "cooperatie/<slug:slug>/leden/<int:pk>/rol/": per_visibility(_group("member_role", pk=1)),
    "cooperatie/<slug:slug>/leden/<int:pk>/verwijderen/":
        per_visibility(_group("member_remove", pk=1)),
    "cooperatie/<slug:slug>/leden/<int:pk>/eigenaar/": per_visibility(_group("transfer", pk=1)),
    "cooperatie/<slug:slug>/aanvragen/<int:pk>/<str:answer>/":
        per_visibility(_group("join_request_answer", pk=1, answer="ja")),
    "cooperatie/<slug:slug>/uitnodigen/": per_visibility(_group("invite")),
    "cooperatie/<slug:slug>/mappen/": per_visibility(_group("folder_create")),
    "cooperatie/<slug:slug>/uploaden/": per_visibility(_group("upload")),
    "cooperatie/<slug:slug>/uploaden/stuk/": per_visibility(_group("upload_chunk")),
    "cooperatie/<slug:slug>/prullenbak/": per_visibility(_group("trash")),
    "cooperatie/<slug:slug>/documenten/<int:pk>/":
        per_visibility(_document("document"), shows=True),
    "cooperatie/<slug:slug>/documenten/<int:pk>/versie/": per_visibility(_document("version_add")),
    "cooperatie/<slug:slug>/documenten/<int:pk>/versies/<int:number>/terugzetten/": per_visibility(
        lambda w, v: reverse(
            "cooperation:version_restore",
            kwargs={"slug": w.groups[v].slug, "pk": w.documents[v].pk, "number": 1},
        )
    ),
    "cooperatie/<slug:slug>/documenten/<int:pk>/verwijderen/":
        per_visibility(_document("trash_add")),
    "cooperatie/<slug:slug>/documenten/<int:pk>/terugzetten/": per_visibility(
        lambda w, v: reverse(
            "cooperation:document_restore", kwargs={"slug": w.groups[v].slug, "pk": w.trashed[v].pk}
        )
    ),

    # Meetings and news (cooperation.meetings)
    "cooperatie/<slug:slug>/vergaderingen/": per_visibility(
        lambda w, v: reverse("meetings:list", args=[w.groups[v].slug]), shows=True
    ),
    "cooperatie/<slug:slug>/vergaderingen/nieuw/":
        per_visibility(lambda w, v: reverse("meetings:create", args=[w.groups[v].slug])),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/":
        per_visibility(_meeting("detail"), shows=True),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/bewerken/": per_visibility(_meeting("edit")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/bewerken/<str:section>/":
        per_visibility(_meeting("manage", section="notulen")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/verwijderen/":
        per_visibility(_meeting("delete")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/agenda.ics":
        per_visibility(_meeting("ics"), shows=True),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/notulen/<str:action>/":
        per_visibility(_meeting("minutes", action="voorstellen")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/besluiten/":
        per_visibility(_meeting("decision_add")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/acties/": per_visibility(_meeting("action_add")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/acties/<int:item_pk>/klaar/": per_visibility(
        lambda w, v: _meeting("action_done", item_pk=w.action_items[v].pk)(w, v)
    ),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/deelnemers/":
        per_visibility(_meeting("participant_set")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/presentaties/":
        per_visibility(_meeting("presentation_add")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/presentaties/<int:document_pk>/verwijderen/":
        per_visibility(
            lambda w, v: _meeting("presentation_remove", document_pk=w.presentations[v].pk)(w, v)
        ),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/opname/":
        per_visibility(_meeting("recording_upload")),
    "cooperatie/<slug:slug>/vergaderingen/<int:pk>/publiceren/":
        per_visibility(_meeting("publish")),
    "cooperatie/<slug:slug>/besluitenlijst/": per_visibility(
        lambda w, v: reverse("meetings:register", args=[w.groups[v].slug]), shows=True
    ),
    "cooperatie/<slug:slug>/nieuws/":
        per_visibility(lambda w, v: reverse("meetings:group_news", args=[w.groups[v].slug])),
    "cooperatie/<slug:slug>/nieuws/nieuw/":
        per_visibility(lambda w, v: reverse("meetings:news_create", args=[w.groups[v].slug])),
    "cooperatie/<slug:slug>/nieuws/<int:pk>/bewerken/": per_visibility(_news("news_edit")),
    "cooperatie/<slug:slug>/nieuws/<int:pk>/intrekken/": per_visibility(_news("news_unpublish")),
    "vergaderingen/<int:pk>/opname/": per_visibility(
        lambda w, v: reverse("meetings:recording", args=[w.meetings[v].pk]), shows=True
    ),
    "vergaderingen/<int:pk>/ondertitels.vtt": per_visibility(
        lambda w, v: reverse("meetings:captions", args=[w.meetings[v].pk]), shows=True
    ),
    "vergaderingen/<int:pk>/presentatie/<int:document_pk>/<path:filename>": per_visibility(
        lambda w, v: reverse(
            "meetings:presentation",
            args=[w.meetings[v].pk, w.presentations[v].pk, "presentatie.txt"],
        ),
        shows=True,
    ),
    "presentaties/": Row(lambda w, p: [("/presentaties/", PUBLIC)], shows=True),
    "presentaties/<int:pk>/": per_visibility(
        lambda w, v: reverse("meetings:public_detail", args=[w.meetings[v].pk]),
        shows=frozenset({PUBLIC}),
    ),
    "nieuws/": Row(lambda w, p: [("/nieuws/", PUBLIC)], shows=True),
    "nieuws/feed/": Row(lambda w, p: [("/nieuws/feed/", PUBLIC)], shows=True),
    "nieuws/<slug:slug>/": per_visibility(
        lambda w, v: reverse("meetings:news_detail", args=[w.news[v].slug]),
        shows=frozenset({PUBLIC}),
    ),

    # Discussions (cooperation.discussions)
    "cooperatie/<slug:slug>/discussies/": per_visibility(
        lambda w, v: reverse("discussions:threads", args=[w.groups[v].slug]), shows=True
    ),
    "cooperatie/<slug:slug>/discussies/nieuw/": per_visibility(
        lambda w, v: reverse("discussions:thread_create", args=[w.groups[v].slug])
    ),
    "cooperatie/<slug:slug>/discussies/volgen/": per_visibility(
        lambda w, v: reverse("discussions:group_follow", args=[w.groups[v].slug])
    ),
    "cooperatie/<slug:slug>/discussies/leden/": per_visibility(
        lambda w, v: reverse("discussions:member_search", args=[w.groups[v].slug]) + "?q=L"
    ),
    "cooperatie/<slug:slug>/discussies/<int:pk>/": per_visibility(_thread("thread_short")),
    "cooperatie/<slug:slug>/discussies/<int:pk>-<slug:thread_slug>/": per_visibility(
        lambda w, v: w.threads[v].get_absolute_url(), shows=True
    ),
    "cooperatie/<slug:slug>/discussies/<int:pk>/berichten/": per_visibility(
        lambda w, v: _thread("posts_fragment")(w, v) + "?after=0", shows=True
    ),
    "cooperatie/<slug:slug>/discussies/<int:pk>/volgen/": per_visibility(_thread("thread_follow")),
    "cooperatie/<slug:slug>/discussies/<int:pk>/beheer/<str:action>/":
        per_visibility(_thread("thread_moderate", action="vastzetten")),
    "cooperatie/<slug:slug>/discussies/<int:pk>/verwijderen/":
        per_visibility(_thread("thread_delete")),
    "cooperatie/<slug:slug>/discussies/<int:pk>/antwoord/": per_visibility(_thread("answer")),
    "cooperatie/<slug:slug>/discussies/<int:pk>/berichten/<int:post_id>/bewerken/":
        per_visibility(_thread("post_edit", post_id=0)),
    "cooperatie/<slug:slug>/discussies/<int:pk>/berichten/<int:post_id>/verwijderen/":
        per_visibility(_thread("post_delete", post_id=0)),
    "cooperatie/<slug:slug>/discussies/<int:pk>/berichten/<int:post_id>/geschiedenis/":
        per_visibility(_thread("post_history", post_id=0)),

    # Notifications: the member was told of each group's meeting; nobody else may open those.
    "meldingen/": Row(lambda w, p: [("/meldingen/", None)]),
    "meldingen/gelezen/": fixed("/meldingen/gelezen/"),
    "meldingen/<int:pk>/": Row(_members_notifications),
    "meldingen/afmelden/<str:token>/": Row(
        lambda w, p: [
            (reverse("notifications:unsubscribe", args=["vervalst"]), None),
            (reverse("notifications:unsubscribe", args=[_member_unsubscribe_token(w)]), None),
        ]
    ),
    "account/meldingen/": fixed("/account/meldingen/"),

    # Live rooms: the page of each room (a transcript without JavaScript) and its history.
    "live/<slug:kind>/<str:pk>/": Row(
        lambda w, p: [
            (reverse("live:room", args=[kind, target[v].pk]), v)
            for kind, target in (("group", w.groups), ("webinar", w.webinars))
            for v in VISIBILITIES
        ],
        shows=True,
        for_logged_in=True,
    ),
    "live/<slug:kind>/<str:pk>/berichten/": Row(
        lambda w, p: [
            (reverse("live:history", args=[kind, target[v].pk]), v)
            for kind, target in (("group", w.groups), ("webinar", w.webinars))
            for v in VISIBILITIES
        ],
        shows=True,
        for_logged_in=True,
    ),

    # The REST API (api/), read with the session here; tests/api/ walks it with tokens.
    "account/api-sleutels/": fixed("/account/api-sleutels/"),
    "account/api-sleutels/<int:pk>/intrekken/": fixed("/account/api-sleutels/1/intrekken/"),
    "api/v1/": fixed("/api/v1/"),
    "api/v1/docs": fixed("/api/v1/docs"),
    "api/v1/openapi.json": fixed("/api/v1/openapi.json"),
    "^api/v1/": fixed("/api/v1/bestaat-niet"),
    "api/v1/me": fixed("/api/v1/me"),
    "api/v1/webinars": _api(lambda w, v: "webinars?page_size=100"),
    "api/v1/webinars/<int:webinar_id>": _api(lambda w, v: f"webinars/{w.webinars[v].pk}"),
    "api/v1/webinars/<int:webinar_id>/registrations":
        _api(lambda w, v: f"webinars/{w.webinars[v].pk}/registrations", shows=False),
    "api/v1/series": fixed("/api/v1/series"),
    "api/v1/series/<int:series_id>": fixed("/api/v1/series/1"),
    "api/v1/registrations": fixed("/api/v1/registrations"),
    "api/v1/registrations/<int:registration_id>":
        _api(lambda w, v: f"registrations/{w.registrations[v].pk}", shows=False),
    # Only the secret group's name carries its marker; a members-only group's name is public.
    "api/v1/groups": _api(lambda w, v: "groups?page_size=100", shows=frozenset({SECRET})),
    "api/v1/groups/<slug:slug>":
        _api(lambda w, v: f"groups/{w.groups[v].slug}", shows=frozenset({SECRET})),
    "api/v1/groups/<slug:slug>/documents":
        _api(lambda w, v: f"groups/{w.groups[v].slug}/documents"),
    "api/v1/documents/<int:document_id>": _api(lambda w, v: f"documents/{w.documents[v].pk}"),
    "api/v1/documents/<int:document_id>/download":
        _api(lambda w, v: f"documents/{w.documents[v].pk}/download"),
    "api/v1/meetings": _api(lambda w, v: "meetings?page_size=100"),
    "api/v1/meetings/<int:meeting_id>": _api(lambda w, v: f"meetings/{w.meetings[v].pk}"),
    "api/v1/publications": _api(lambda w, v: "publications", shows=frozenset({PUBLIC})),
    "api/v1/publications/<int:meeting_id>":
        _api(lambda w, v: f"publications/{w.meetings[v].pk}", shows=frozenset({PUBLIC})),

    # Operations and files
    "health/": fixed("/health/"),
    "gezondheid/": fixed("/gezondheid/"),
    "favicon.ico": fixed("/favicon.ico"),
    "^media/images/(?P<path>.+)$": per_visibility(
        lambda w, v: f"/media/{w.documents[v].current_version.file.file.name}"
    ),
    "documenten/^(\\d+)/(.*)$":
        per_visibility(lambda w, v: w.documents[v].current_version.file.url),
    "documenten/authenticate_with_password/<int:restriction_id>/":
        fixed("/documenten/authenticate_with_password/1/"),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/":
        fixed("/_util/authenticate_with_password/1/1/"),
    "_util/login/": fixed("/_util/login/"),

    # Wagtail's page tree: the home page, the Leerplatform, each webinar page.
    "^((?:[\\w\\-]+/)*)$": Row(
        lambda w, p: [("/", None)] + [(w.webinars[v].url, v) for v in VISIBILITIES],
        shows=True,
    ),
}
# fmt: on

# Whole areas with one rule of their own, tested below.
AREAS = {"admin/": "the Wagtail admin: staff only (test_the_admin_is_for_staff_only)"}


def _patterns(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def test_every_route_has_a_row():
    served = {p for p in _patterns() if not any(p.startswith(area) for area in AREAS)}
    missing = sorted(served - ROUTES.keys())
    stale = sorted(ROUTES.keys() - served)
    assert not missing, f"URL patterns without a row in ROUTES (add one): {missing}"
    assert not stale, f"Rows for URL patterns that no longer exist (remove them): {stale}"


def _shows(row: Row, visibility: str | None) -> bool:
    return row.shows if isinstance(row.shows, bool) else visibility in row.shows


def _client_for(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.people[persona])
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_meets_what_they_may_not_see_on_any_route(persona, home_page):
    world = build_world(home_page)
    client = _client_for(world, persona)
    hidden = world.hidden_markers(persona)
    leaks, missing = [], []
    for pattern, row in ROUTES.items():
        for url, visibility in row.urls(world, persona):
            response = client.get(url)
            body = _body(response)
            leaks += [(pattern, url, marker) for marker in hidden if marker in body]
            expected = _shows(row, visibility) and not (
                row.for_logged_in and persona == "anonymous"
            )
            shown = response.status_code == 200 and visibility and MARKERS[visibility] in body
            if expected and visibility in MAY_SEE[persona] and not shown:
                missing.append((pattern, url, response.status_code))
    assert leaks == [], f"{persona} met hidden content: {leaks}"
    assert missing == [], f"{persona} did not get content they may see: {missing}"


# --- The Channels router --------------------------------------------------------------------------


def _room_sockets(world: World, persona: str) -> Targets:
    return [
        (f"/ws/live/{kind}/{target[v].pk}/?after=0", v)
        for kind, target in (
            ("group", world.groups),
            ("webinar", world.webinars),
            ("thread", world.threads),
        )
        for v in VISIBILITIES
    ]


def _shows_on_socket(path: str) -> bool:
    # A thread's room carries post ids only; the page fetches the posts over HTTP (walked above).
    return not path.startswith("/ws/live/thread/")


WEBSOCKET_ROUTES: dict[str, Row] = {
    "ws/ping/": Row(lambda w, p: [("/ws/ping/", None)]),
    "ws/live/<slug:kind>/<str:pk>/": Row(_room_sockets, shows=True, for_logged_in=True),
}


def test_every_websocket_route_has_a_row():
    from portal.routing import websocket_urlpatterns

    served = {str(route.pattern) for route in websocket_urlpatterns}
    assert served == WEBSOCKET_ROUTES.keys(), "WebSocket routes and WEBSOCKET_ROUTES differ"


async def _socket_frames(path: str, cookie: bytes | None) -> tuple[bool, str]:
    """Opens the socket as a browser would; returns whether it was accepted and what it said
    within its first frames (welcome, catch-up)."""
    from channels.testing import WebsocketCommunicator

    from portal.asgi import application

    headers = [(b"origin", b"http://localhost:8000")] + ([(b"cookie", cookie)] if cookie else [])
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect(timeout=5)
    said = []
    if connected:
        if path.startswith("/ws/ping/"):
            await socket.send_json_to({"type": "ping"})
        # receive_nothing waits without cancelling the application, as a timed-out receive would.
        while not await socket.receive_nothing(timeout=0.5):
            said.append(await socket.receive_from())
        await socket.disconnect()
    return connected, "\n".join(said)


@pytest.mark.django_db(transaction=True)
def test_no_socket_shows_what_its_person_may_not_see(home_page):
    from tests.helpers import run_async
    from tests.live.conftest import session_cookie

    world = build_world(home_page)
    leaks, refused, missing = [], [], []
    for persona in PERSONAS:
        cookie = None if persona == "anonymous" else session_cookie(Client(), world.people[persona])
        hidden = world.hidden_markers(persona)
        for row in WEBSOCKET_ROUTES.values():
            for path, visibility in row.urls(world, persona):
                connected, said = run_async(_socket_frames(path, cookie))
                leaks += [(persona, path, marker) for marker in hidden if marker in said]
                if visibility in HIDDEN and visibility not in MAY_SEE[persona] and connected:
                    refused.append((persona, path))
                expected = _shows(row, visibility) and _shows_on_socket(path)
                expected = expected and not (row.for_logged_in and persona == "anonymous")
                if expected and visibility in MAY_SEE[persona] and MARKERS[visibility] not in said:
                    missing.append((persona, path, connected))
    assert leaks == [], f"sockets showed hidden content: {leaks}"
    assert refused == [], f"sockets opened for people who may not see their room: {refused}"
    assert missing == [], f"sockets did not show content their person may see: {missing}"


# --- The Wagtail admin ----------------------------------------------------------------------------


# The admin's own scripts and icons; no data.
ADMIN_ASSETS = {"/admin/jsi18n/", "/admin/sprite/"}


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(home_page):
    """Every admin address without parameters, as a person without admin access: never a page."""
    world = build_world(home_page)
    paths = sorted(
        "/" + pattern
        for pattern in _patterns()
        if pattern.startswith("admin/") and "<" not in pattern and "(" not in pattern
    )
    paths = [path for path in paths if path not in ADMIN_ASSETS]
    assert len(paths) > 50
    opened = []
    for persona in ("anonymous", "outsider", "moderator"):
        client = _client_for(world, persona)
        for path in paths:
            response = client.get(path)
            if response.status_code == 200:
                opened.append((persona, path))
            hidden = [m for m in world.hidden_markers(persona) if m in _body(response)]
            assert not hidden, (persona, path, hidden)
    assert opened == [], f"admin pages opened without admin access: {opened}"
    staff = _client_for(world, "staff")
    assert staff.get("/admin/").status_code == 200


# --- Admin views that change access ---------------------------------------------------------------

# Every admin view that writes a row the live rooms' access rules read (live/access.py: the user
# model and each room kind's access_models) names the scenarios of tests/live/test_admin_access.py
# that drive it while the person it concerns is connected, or says why it takes no right away.
CREATES = "creates a row: it may give a right, it takes none"
PAGE_PLACE = "moves a page: no room rule reads where a page is"
# fmt: off
ACCESS_ADMIN_VIEWS: dict[str, tuple[str, ...] | str] = {
    # People
    "wagtailusers_users:edit":
        ("user_edit_deactivated", "user_edit_no_longer_superuser", "user_edit_role_removed"),
    "wagtailusers_users:delete": ("user_deleted",),
    "bulk:accounts.user.delete": ("user_bulk_deleted",),
    "bulk:accounts.user.set_active_state": ("user_bulk_set_inactive",),
    "bulk:accounts.user.assign_role": ("user_bulk_role_assigned",),
    "privacy_admin_erase": ("user_erased_for_privacy",),
    "wagtailusers_users:add": CREATES,
    "wagtailusers_users:copy": CREATES,
    # Wagtail roles: their page permissions make webinar hosts
    "wagtailusers_groups:edit": ("role_page_permissions_removed",),
    "wagtailusers_groups:delete": ("role_deleted",),
    "wagtailusers_groups:add": CREATES,
    # Coöperatieplatform groups and their memberships (the group's form)
    "wagtailsnippets_cooperation_group:edit":
        ("group_member_removed", "group_role_lowered", "group_made_members_only"),
    "wagtailsnippets_cooperation_group:delete": ("group_deleted",),
    "bulk:cooperation.group.delete": ("group_bulk_deleted",),
    "wagtailsnippets_cooperation_group:add": CREATES,
    "wagtailsnippets_cooperation_group:copy": CREATES,
    "wagtailsnippetchoosers_cooperation_group:create": CREATES,
    # Registrations
    "registrations:delete": ("registration_deleted",),
    "registrations:edit": "changes attendance only (RegistrationViewSet.form_fields)",
    "registrations:add": CREATES,
    "registrations:copy": CREATES,
    # Webinar pages: published or not, their audiences, deleted
    "wagtailadmin_pages:edit": ("page_audience_narrowed",),
    "wagtailadmin_pages:unpublish": ("page_unpublished",),
    "wagtailadmin_pages:delete": ("page_deleted",),
    "wagtailadmin_api:pages:action": ("page_unpublished_through_the_admin_api",),
    "bulk:wagtailcore.page.publish": ("page_bulk_published",),
    "bulk:wagtailcore.page.unpublish": ("page_bulk_unpublished",),
    "bulk:wagtailcore.page.delete": ("page_bulk_deleted",),
    "wagtailadmin_pages:revisions_revert":
        "the edit view on an older revision: publishing from it is page_audience_narrowed's save",
    "wagtailadmin_pages:workflow_action":
        "approving publishes the revision in moderation: page_bulk_published's save",
    "wagtailadmin_pages:revisions_unschedule": "cancels a publication to come; takes nothing live",
    "wagtailadmin_pages:collect_workflow_action_data": "a workflow action's form; saves nothing",
    "wagtailadmin_pages:set_privacy":
        "Wagtail's view restrictions: no room rule reads them (the webinar's audiences do)",
    "wagtailadmin_pages:convert_alias": "an alias becomes a page of its own, as live as before",
    "wagtailadmin_pages:lock": "locks editing; no room rule reads it",
    "wagtailadmin_pages:unlock": "unlocks editing; no room rule reads it",
    "wagtailadmin_pages:preview_on_edit": "a preview: keeps the form in the session, saves no page",
    "wagtailadmin_pages:preview_on_add": "a preview: keeps the form in the session, saves no page",
    "wagtailadmin_pages:choose_parent": "chooses where a new page goes; saves nothing",
    "wagtailadmin_pages:add": CREATES,
    "wagtailadmin_pages:copy": CREATES,
    "wagtailadmin_pages:move": PAGE_PLACE,
    "wagtailadmin_pages:move_confirm": PAGE_PLACE,
    "wagtailadmin_pages:set_page_position": PAGE_PLACE,
    "bulk:wagtailcore.page.move": PAGE_PLACE,
}
# fmt: on


def _admin_views_that_write_access_rows() -> set[str]:
    """The admin's views (by URL name) that take a POST and act on a model whose rows the rooms'
    rules read, and the bulk actions on those models; Wagtail routes every page view through one
    function per name, so those are read from the page viewset."""
    from django.apps import apps
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry
    from wagtail.admin.viewsets.pages import base_page_viewset
    from wagtail.models import Page

    from live.access import watched_models

    watched = tuple(watched_models())
    found = set()
    for pattern, name, view in _named_patterns():
        if not pattern.startswith("admin/"):
            continue
        view_class = getattr(view, "view_class", None)
        model = (getattr(view, "view_initkwargs", None) or {}).get("model")
        model = model or getattr(view_class, "model", None)
        writes = view_class is not None and hasattr(view_class, "post")
        if view.__name__ == "view_router" and name.split(":")[-1] in base_page_viewset.views:
            view_class = base_page_viewset.views[name.split(":")[-1]].view_class
            model, writes = Page, hasattr(view_class, "post")
        elif getattr(view, "cls", None) is not None:  # Wagtail's admin API (a REST viewset)
            model, writes = view.cls.model, "post" in view.actions
        if writes and isinstance(model, type) and issubclass(model, watched):
            found.add(name)
    bulk_action_registry._scan_for_bulk_actions()
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            if issubclass(apps.get_model(app_label, model_name), watched):
                found |= {f"bulk:{app_label}.{model_name}.{action}" for action in actions}
    return found


def _named_patterns(patterns=None, prefix="", namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _named_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or ""), entry.callback


# Views found by name only: a function view has no model to be found by.
FUNCTION_VIEWS = {"privacy_admin_erase"}


def test_every_admin_view_that_changes_access_has_a_row():
    from tests.live.test_admin_access import PATHS

    found = _admin_views_that_write_access_rows()
    assert len(found) > 30
    missing = sorted(found - ACCESS_ADMIN_VIEWS.keys())
    stale = sorted(ACCESS_ADMIN_VIEWS.keys() - found - FUNCTION_VIEWS)
    assert not missing, f"admin views that change access without a row (add one): {missing}"
    assert not stale, f"rows for admin views that no longer change access: {stale}"
    named = {name for row in ACCESS_ADMIN_VIEWS.values() if isinstance(row, tuple) for name in row}
    assert named == PATHS.keys(), (sorted(named - PATHS.keys()), sorted(PATHS.keys() - named))
    for name in FUNCTION_VIEWS:
        reverse(name, args=[1])
