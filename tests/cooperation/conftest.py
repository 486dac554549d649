"""The people and groups of the Coöperatieplatform's stories."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperation import services
from cooperation.models import Group, Membership
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _staging_folder(settings, tmp_path):
    settings.COOPERATION_UPLOAD_STAGING_DIR = tmp_path / "uploads-in-progress"


@pytest.fixture
def group_owner(db):
    return UserFactory(email="werkgroep@bibliotheek.test", display_name="Wies Werkgroep")


@pytest.fixture
def steering_secretary(db):
    return UserFactory(email="stuurgroep@bibliotheek.test", display_name="Stijn Stuurgroep")


@pytest.fixture
def make_group(group_owner):
    def make(visibility=Group.Visibility.MEMBERS, *, owner=None, **fields):
        fields.setdefault("name", f"Werkgroep {visibility}")
        fields.setdefault(
            "join_policy",
            Group.JoinPolicy.OPEN
            if visibility == Group.Visibility.PUBLIC
            else Group.JoinPolicy.REQUEST,
        )
        return services.group_create(owner=owner or group_owner, visibility=visibility, **fields)

    return make


@pytest.fixture
def working_group(make_group):
    return make_group(Group.Visibility.MEMBERS, name="Werkgroep Leesbevordering")


def add_member(group, user, role=Membership.Role.MEMBER):
    return Membership.objects.create(group=group, user=user, role=role)


def upload(name: str, data: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def logged_in(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in
