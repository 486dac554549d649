"""Demo content of discussions (seed_demo, after demo_groups): threads with replies, mentions, a
marked answer, a pinned and a locked thread, in groups of each visibility. Idempotent: a thread
that exists (same group and title) is left alone."""

from accounts.models import User
from cooperation.discussions import services
from cooperation.discussions.models import Thread
from cooperation.models import Group

WIES = "werkgroep@kennisplein.test"
BRAM = "bibliothecaris@kennisplein.test"
STIJN = "stuurgroep@kennisplein.test"

# group slug -> threads: (title, author, body, replies [(author, body)], extras)
THREADS = {
    "werkgroep-leesbevordering": [
        (
            "Welkom: zo werken we in deze werkgroep",
            WIES,
            "Fijn dat je er bent! Een paar afspraken:\n\n"
            "- Eén onderwerp per draad, met een duidelijke titel.\n"
            "- Documenten zetten we in de **bibliotheek** van de groep en koppelen we hier.\n"
            "- Noem iemand met @ als je een reactie van die persoon nodig hebt.",
            [],
            {"pin": True},
        ),
        (
            "Ideeën voor de voorleesweek 2027",
            WIES,
            "Wat willen we dit jaar anders doen tijdens de voorleesweek?\n\n"
            "1. Meer voorlezen in **meerdere talen**\n"
            "2. Samenwerken met de _kinderopvang_\n"
            "3. Een voorleesestafette door de hele provincie\n\n"
            "Het draaiboek van vorig jaar staat in onze bibliotheek.",
            [
                (
                    BRAM,
                    "> Samenwerken met de kinderopvang\n\n"
                    "Goed idee, @Wies Werkgroep! In Gent hebben we daar goede ervaringen mee. "
                    "Zie ook https://www.voorleesweek.be voor materiaal.",
                ),
                (
                    WIES,
                    "Dank je, @Bram Bibliothecaris. Kun jij jullie aanpak op één A4 zetten? "
                    "Dan nemen we die mee in het nieuwe draaiboek.",
                ),
                (BRAM, "Doe ik, uiterlijk volgende week."),
            ],
            {},
        ),
    ],
    "stuurgroep-bibliotheeknetwerk": [
        (
            "Wie schrijft het verslag van november?",
            STIJN,
            "Ik ben in november op verlof. Wie neemt het verslag over?",
            [(WIES, "Ik doe het, @Stijn Stuurgroep. Stuur je me de agenda?")],
            {"answer": 0},
        ),
        (
            "Agenda oktober",
            STIJN,
            "De agenda van oktober is vastgesteld; deze draad is gesloten.",
            [],
            {"lock": True},
        ),
    ],
    "project-nieuwe-catalogus": [
        (
            "Planning van de aanbesteding",
            STIJN,
            "De marktconsultatie loopt tot eind januari. Daarna schrijven we het bestek.",
            [
                (
                    BRAM,
                    "@Stijn Stuurgroep, zullen we de eisen uit het programma van eisen "
                    "nog eens samen doorlopen?",
                )
            ],
            {},
        ),
    ],
}


def demo_discussions() -> list[Thread]:
    users = {user.email: user for user in User.objects.filter(email__endswith="@kennisplein.test")}
    threads = []
    for slug, specs in THREADS.items():
        group = Group.objects.filter(slug=slug).first()
        if group is None:
            continue
        for title, author, body, replies, extras in specs:
            thread = Thread.objects.filter(group=group, title=title).first()
            if thread is not None:
                threads.append(thread)
                continue
            thread = services.thread_create(
                group=group, author=users[author], title=title, body=body
            )
            posts = [
                services.post_reply(thread=thread, author=users[who], body=text)
                for who, text in replies
            ]
            if "answer" in extras:
                services.answer_mark(thread=thread, post=posts[extras["answer"]], by=users[author])
            if extras.get("pin"):
                services.thread_pin(thread=thread, by=users[author])
            if extras.get("lock"):
                services.thread_lock(thread=thread, by=users[author])
            threads.append(thread)
    return threads
