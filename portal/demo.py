"""The demo content that `manage.py seed_demo` loads. Each function is idempotent.

Later apps add their own demo content in `<app>/demo.py` and register it in DEMO_STEPS of
portal/management/commands/seed_demo.py.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from accounts.models import User
from portal.links import site_host_and_port
from portal.models import HomePage, StandardPage

DEMO_PASSWORD = "kennisplein-demo"  # noqa: S105 - the documented demo password

# (e-mail, name, organisation, what they do on the platform)
DEMO_ACCOUNTS = [
    ("beheer@kennisplein.test", "Bea Beheer", "Kennisplein", "platform editor, Wagtail admin"),
    ("bibliothecaris@kennisplein.test", "Bram Bibliothecaris", "Bibliotheek Gent", "librarian"),
    ("werkgroep@kennisplein.test", "Wies Werkgroep", "Bibliotheek Utrecht", "working-group owner"),
    (
        "stuurgroep@kennisplein.test",
        "Stijn Stuurgroep",
        "Cultuurhuis Brugge",
        "steering-committee secretary",
    ),
    ("buitenstaander@kennisplein.test", "Bo Buitenstaander", "Bibliotheek Leiden", "in no group"),
]
EDITOR_EMAIL = "beheer@kennisplein.test"

HOME_INTRODUCTION = (
    "<p>Welkom op <b>Kennisplein</b>, het kennisplatform van de openbare bibliotheken en "
    "cultuurhuizen. Volg webinars op het Leerplatform en werk samen in werkgroepen en "
    "stuurgroepen op het Coöperatieplatform.</p>"
)

SECTIONS = [
    (
        "leerplatform",
        "Leerplatform",
        "Webinars voor bibliotheekmedewerkers: inschrijven, live meedoen en opnames terugkijken.",
    ),
    (
        "cooperatie",
        "Coöperatieplatform",
        "Ruimtes voor werkgroepen en stuurgroepen: documenten, discussies en vergaderingen.",
    ),
]


def demo_pages() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations make the tree's root and default locale; a flushed database
        # (transactional tests) has neither.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant("nl"))
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        # Wagtail's initial migration leaves a placeholder "Welcome" page; ours replaces it.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title="Kennisplein", slug="home", introduction=HOME_INTRODUCTION)
        )
        home.save_revision().publish()
    # The Site record follows SITE_URL (on every run, so a changed SITE_URL is taken over), so
    # that Wagtail's own links (the admin's "view live") agree with ours (portal/links.py).
    hostname, port = site_host_and_port()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "root_page": home,
            "hostname": hostname,
            "port": port,
            "site_name": "Kennisplein",
        },
    )
    for slug, title, introduction in SECTIONS:
        if not home.get_children().filter(slug=slug).exists():
            section = home.add_child(
                instance=StandardPage(title=title, slug=slug, introduction=introduction)
            )
            section.save_revision().publish()
    return home


def demo_accounts() -> list[User]:
    users = []
    for email, name, organisation, _role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, display_name=name, organisation=organisation
            )
        if email == EDITOR_EMAIL and not user.is_superuser:
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
            user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
        # Demo accounts can log in at once: their address counts as verified.
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users
