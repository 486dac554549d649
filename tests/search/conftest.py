"""Content of every type in every visibility, for the search tests. The factories of the learning
and cooperation tests are reused (imported), not copied."""

import pytest

from cooperation import services
from cooperation.models import Group
from learning.models import Audience
from tests.cooperation.conftest import (  # noqa: F401 (fixtures)
    _staging_folder,
    add_member,
    group_owner,
    make_group,
    upload,
)
from tests.cooperation.samples import pdf
from tests.factories import UserFactory
from tests.learning.conftest import make_webinar, webinar_index  # noqa: F401 (fixtures)


@pytest.fixture
def member(db):
    """A librarian who is a member of the members-only group, of one secret group and of the
    webinars' audience group."""
    return UserFactory(email="lid@bibliotheek.test", display_name="Lies Lid")


@pytest.fixture
def make_document(group_owner, django_capture_on_commit_callbacks):  # noqa: F811
    """Uploads a real PDF and runs what follows the commit (text extraction, then reindex)."""

    def make(group, *, title, text="", description=""):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                group=group,
                uploaded=upload(f"{title}.pdf", pdf(text or title), "application/pdf"),
                by=group_owner,
                title=title,
                description=description,
            )

    return make


@pytest.fixture
def world(make_group, make_webinar, make_document, member, group_owner, home_page):  # noqa: F811
    """Each hidden item carries one word no visible item has; `seen_by` says who may see it."""
    public = make_group(Group.Visibility.PUBLIC, name="Werkgroep Openbaar")
    members_only = make_group(Group.Visibility.MEMBERS, name="Werkgroep Ledenkring")
    secret_joined = make_group(Group.Visibility.SECRET, name="Stuurgroep Fluistertoren")
    secret_other = make_group(Group.Visibility.SECRET, name="Stuurgroep Zwijgzaam")
    add_member(members_only, member)
    add_member(secret_joined, member)
    audience = make_group(Group.Visibility.MEMBERS, name="Webinargroep")
    add_member(audience, member)

    make_document(public, title="Jaarplan openbaar", text="Kwartaalcijfers uitleenbalie")
    make_document(members_only, title="Notulen", text="Vertrouwelijk ledenkringdossier")
    make_document(secret_joined, title="Agenda", text="Strategie fluisterplan")
    make_document(secret_other, title="Begroting", text="Geheim zwijgzaamheidsbudget")
    trashed = make_document(public, title="Oud", text="Weggegooide prullenbaktekst")
    services.document_trash(document=trashed, by=group_owner)

    make_webinar(title="Open webinar leesplezier", audience=Audience.EVERYONE)
    make_webinar(title="Ledenwebinar inlogkennis", audience=Audience.MEMBERS)
    make_webinar(
        title="Groepswebinar kringkennis", audience=Audience.GROUP, audience_group=audience
    )
    make_webinar(
        title="Conceptwebinar kladversie", audience=Audience.EVERYONE, publish=False, live=False
    )

    from wagtail.models import PageViewRestriction

    from portal.models import StandardPage

    page = home_page.add_child(instance=StandardPage(title="Over ons", body="<p>Redactietekst</p>"))
    page.save_revision().publish()
    restricted = home_page.add_child(
        instance=StandardPage(title="Intern", body="<p>Afgeschermdtekst</p>")
    )
    restricted.save_revision().publish()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    home_page.add_child(
        instance=StandardPage(title="Concept", body="<p>Ontwerptekst</p>", live=False)
    )
    return {"public": public, "members_only": members_only, "secret": secret_joined}
