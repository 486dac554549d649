"""Demo chat for seed_demo: the lead calls demo_room_history() from the webinar and group demo
steps once those apps exist. Writes rows directly (no flood limit, no broadcast): nobody is
connected while seeding."""

from datetime import timedelta

from django.utils import timezone

from live.formatting import render_chat_html
from live.models import Message, Question, QuestionVote, Room

DEMO_MESSAGES = [
    "Goedemiddag allemaal! Welkom in de chat.",
    "Hallo uit **Gent**. Fijn dat dit webinar er is.",
    "Is de presentatie achteraf te downloaden?",
    "Tip: onze leesclubaanpak staat op https://example.org/leesclub",
    "Wij proberen dit najaar de `voorleesweek` met vrijwilligers.",
]
# A working group's room is its everyday chat, with no session and no questions to the speakers.
GROUP_MESSAGES = [
    "Goedemorgen! Wie neemt donderdag de notulen?",
    "Dat doe ik. **Wies** zit voor.",
    "Staat het concept al in de bibliotheek van de groep?",
    "Ja, in de map Vergaderingen. Achtergrond: https://example.org/jaarplan",
    "Graag opmerkingen vóór woensdag; zoek op `jaarplan` in de bibliotheek.",
]
DEMO_QUESTIONS = [
    (
        "Hoe bereiken jullie laaggeletterde volwassenen?",
        "Via partners in de buurt en welzijnswerk.",
    ),
    ("Welke subsidies zijn er voor leesbevordering?", ""),
    ("Kunnen we de materialen hergebruiken?", "Ja, onder CC BY 4.0."),
]


def demo_room_history(
    kind: str, target_pk, authors: list, *, messages=DEMO_MESSAGES, questions=DEMO_QUESTIONS
) -> Room:
    """Fills the room of (kind, target_pk) with a few messages and questions by `authors` (users),
    once: a room that already has messages is left alone."""
    room, _created = Room.objects.get_or_create(kind=kind, target_pk=str(target_pk))
    if room.messages.exists() or not authors:
        return room
    for number, body in enumerate(messages):
        Message.objects.create(
            room=room,
            author=authors[number % len(authors)],
            body=body,
            body_html=render_chat_html(body),
        )
    for number, (body, answer) in enumerate(questions):
        question = Question.objects.create(
            room=room,
            author=authors[number % len(authors)],
            body=body,
            answered=bool(answer),
            answer=answer,
            answered_at=timezone.now() if answer else None,
        )
        voters = authors[: len(questions) - number]
        QuestionVote.objects.bulk_create(
            [QuestionVote(question=question, user=user) for user in voters]
        )
        question.vote_count = len(voters)
        question.save(update_fields=["vote_count"])
    # Said before the visitor arrives, as a room's history is: written "now", it would count
    # against its authors' flood limit (5 in 10 seconds) when they first chat after seeding.
    for model in (Message, Question):
        for minutes, pk in enumerate(
            model.objects.filter(room=room).order_by("-pk").values_list("pk", flat=True)
        ):
            model.objects.filter(pk=pk).update(
                created=timezone.now() - timedelta(minutes=minutes + 1)
            )
    return room
