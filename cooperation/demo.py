"""Demo content of the Coöperatieplatform (seed_demo): three groups, members in each role, and
documents with versions. Idempotent."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from cooperation import services
from cooperation.models import Document, Group, Membership
from live.demo import GROUP_MESSAGES, demo_room_history

Role = Membership.Role

GROUPS = [
    {
        "slug": "werkgroep-leesbevordering",
        "name": "Werkgroep Leesbevordering",
        "kind": Group.Kind.WORKING_GROUP,
        "visibility": Group.Visibility.PUBLIC,
        "join_policy": Group.JoinPolicy.OPEN,
        "description": "Ideeën, draaiboeken en evaluaties van leesbevorderingsprojecten.",
        "members": [
            ("werkgroep@kennisplein.test", Role.OWNER),
            ("bibliothecaris@kennisplein.test", Role.MODERATOR),
        ],
    },
    {
        "slug": "stuurgroep-bibliotheeknetwerk",
        "name": "Stuurgroep Bibliotheeknetwerk",
        "kind": Group.Kind.STEERING_COMMITTEE,
        "visibility": Group.Visibility.MEMBERS,
        "join_policy": Group.JoinPolicy.REQUEST,
        "description": "Agenda's, verslagen en presentaties van de stuurgroep.",
        "members": [
            ("stuurgroep@kennisplein.test", Role.OWNER),
            ("werkgroep@kennisplein.test", Role.MEMBER),
        ],
    },
    {
        "slug": "project-nieuwe-catalogus",
        "name": "Project Nieuwe Catalogus",
        "kind": Group.Kind.PROJECT_GROUP,
        "visibility": Group.Visibility.SECRET,
        "join_policy": Group.JoinPolicy.INVITATION,
        "description": "Vertrouwelijke voorbereiding van de aanbesteding van de nieuwe catalogus.",
        "members": [
            ("stuurgroep@kennisplein.test", Role.OWNER),
            ("bibliothecaris@kennisplein.test", Role.MEMBER),
        ],
    },
]

DOCUMENTS = {
    "werkgroep-leesbevordering": [
        (
            "Draaiboek voorleesweek",
            "draaiboek-voorleesweek.txt",
            ["Versie 1: eerste opzet.", "Versie 2: met planning per week en taakverdeling."],
        ),  # fmt: skip
    ],
    "stuurgroep-bibliotheeknetwerk": [
        (
            "Verslag stuurgroep oktober",
            "verslag-oktober.txt",
            ["Concept van het verslag.", "Goedgekeurd verslag van de vergadering van oktober."],
        ),  # fmt: skip
    ],
    "project-nieuwe-catalogus": [
        ("Programma van eisen", "programma-van-eisen.txt", ["Eisen aan de nieuwe catalogus."]),
    ],
}


def demo_groups() -> list[Group]:
    users = {user.email: user for user in User.objects.filter(email__endswith="@kennisplein.test")}
    groups = []
    for spec in GROUPS:
        group = Group.objects.filter(slug=spec["slug"]).first()
        members = spec["members"]
        if group is None:
            group = services.group_create(
                owner=users[members[0][0]],
                slug=spec["slug"],
                **{key: spec[key] for key in ("name", "kind", "visibility", "join_policy")},
                description=spec["description"],
            )
        for email, role in members[1:]:
            Membership.objects.get_or_create(
                group=group, user=users[email], defaults={"role": role}
            )
        owner = users[members[0][0]]
        for title, filename, versions in DOCUMENTS[spec["slug"]]:
            if Document.objects.filter(group=group, title=title).exists():
                continue
            first, *later = versions
            document = services.document_upload(
                group=group, uploaded=_file(filename, first), by=owner, title=title
            )
            for text in later:
                services.document_version_add(
                    document=document, uploaded=_file(filename, text), by=owner
                )
        members_of_group = [users[email] for email, _role in members]
        demo_room_history(
            "group", group.pk, members_of_group, messages=GROUP_MESSAGES, questions=()
        )
        groups.append(group)
    return groups


def _file(name: str, text: str) -> SimpleUploadedFile:
    data = io.BytesIO(text.encode()).getvalue()
    return SimpleUploadedFile(name, data, content_type="text/plain")
