"""People and webinars of the Leerplatform's stories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from cooperation.models import Group, Membership
from learning.models import Audience, Speaker, WebinarPage, WebinarSpeaker
from tests.factories import UserFactory

LIVE_URL = "https://meet.example.org/geheime-kamer-4711"


@pytest.fixture
def webinar_index(home_page):
    from learning.demo import _index

    return _index(home_page)


@pytest.fixture
def make_webinar(webinar_index):
    """Publishes a webinar starting `starts_in` from now (default: in two days), one hour long."""
    counter = iter(range(1, 10_000))

    def make(*, starts_in=timedelta(days=2), publish=True, speakers=(), topics=(), **fields):
        number = next(counter)
        start = timezone.now() + starts_in
        fields.setdefault("title", f"Webinar {number}")
        fields.setdefault("slug", f"webinar-{number}")
        fields.setdefault("end", start + timedelta(hours=1))
        fields.setdefault("audience", Audience.MEMBERS)
        fields.setdefault("live_url", LIVE_URL)
        webinar = webinar_index.add_child(instance=WebinarPage(start=start, **fields))
        for position, name in enumerate(speakers):
            speaker = Speaker.objects.create(name=name)
            WebinarSpeaker.objects.create(page=webinar, speaker=speaker, sort_order=position)
        if topics:
            webinar.topics.add(*topics)
            webinar.save()
        if publish:
            webinar.save_revision().publish()
        return webinar

    return make


@pytest.fixture
def webinar(make_webinar):
    return make_webinar(title="Het digitale hulploket", capacity=2)


@pytest.fixture
def library(db):
    return Organisation.objects.create(name="Bibliotheek Gent", city="Gent")


@pytest.fixture
def coordinator(library):
    return UserFactory(
        email="coordinator@bibliotheek.test",
        display_name="Cato Coördinator",
        library=library,
        is_library_coordinator=True,
    )


@pytest.fixture
def colleague(library):
    return UserFactory(
        email="collega@bibliotheek.test", display_name="Cor Collega", library=library
    )


@pytest.fixture
def group_member(db):
    group = Group.objects.create(name="Werkgroep jeugd", slug="werkgroep-jeugd")
    user = UserFactory(email="jeugd@bibliotheek.test", display_name="Jo Jeugd")
    Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what the code queued for after the commit (the e-mails), as production would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
