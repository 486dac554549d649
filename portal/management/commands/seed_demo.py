"""Loads the demo content that `make run` shows. Idempotent: a second run changes nothing."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from accounts.models import User
from portal.models import HomePage, StandardPage

DEMO_PASSWORD = "kennisplein-demo"  # noqa: S105 - the documented demo password

# (e-mail, name, organisation, role); the role decides the Wagtail permissions below.
DEMO_ACCOUNTS = [
    ("beheer@kennisplein.test", "Bea Beheer", "Kennisplein", "editor"),
    ("bibliothecaris@kennisplein.test", "Bram Bibliothecaris", "Bibliotheek Gent", "member"),
    ("werkgroep@kennisplein.test", "Wies Werkgroep", "Bibliotheek Utrecht", "member"),
    ("stuurgroep@kennisplein.test", "Stijn Stuurgroep", "Cultuurhuis Brugge", "member"),
    ("buitenstaander@kennisplein.test", "Bo Buitenstaander", "Bibliotheek Leiden", "member"),
]

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


class Command(BaseCommand):
    help = "Create the demo page tree and demo accounts (safe to run more than once)."

    @transaction.atomic
    def handle(self, *args, **options):
        home = self._home_page()
        for slug, title, introduction in SECTIONS:
            self._section(home, slug, title, introduction)
        for email, name, organisation, role in DEMO_ACCOUNTS:
            self._account(email, name, organisation, role)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Demo log-ins:"))
        for email, _name, _organisation, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<34} {DEMO_PASSWORD}   ({role})")

    def _home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's initial migration leaves a placeholder "Welcome" page; ours replaces it.
            for placeholder in root.get_children().exact_type(Page):
                placeholder.delete()
            home = root.add_child(
                instance=HomePage(title="Kennisplein", slug="home", introduction=HOME_INTRODUCTION)
            )
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        if (site.root_page_id, site.hostname, site.site_name) != (
            home.pk,
            "localhost",
            "Kennisplein",
        ):
            site.root_page = home
            site.hostname = "localhost"
            site.port = 80
            site.site_name = "Kennisplein"
            site.save()
        return home

    def _section(self, home: HomePage, slug: str, title: str, introduction: str) -> None:
        if home.get_children().filter(slug=slug).exists():
            return
        page = home.add_child(
            instance=StandardPage(title=title, slug=slug, introduction=introduction)
        )
        page.save_revision().publish()

    def _account(self, email: str, name: str, organisation: str, role: str) -> None:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, display_name=name, organisation=organisation
            )
        if role == "editor" and not user.is_superuser:
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
            user.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
        # Demo accounts can log in at once: their address counts as verified.
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
