"""The notification kinds of discussions, registered from DiscussionsConfig.ready. Whether a person
may see what a notification is about is asked of this app's permissions.py, when it happens and
again whenever it is shown or mailed."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.discussions import permissions
from inbound.addresses import reply_address
from notifications.kinds import DAILY, IMMEDIATE, Kind, register_kind

# Said in the e-mail of a reply or mention when it carries a reply address.
REPLY_HINT = _(
    "Reply to this e-mail to post your answer in the thread (the quoted text is left out)."
)


def _actor(event) -> str:
    return str(event.actor) if event.actor else gettext("Someone")


def _describe_mention(event) -> str:
    return gettext("%(actor)s mentioned you in “%(title)s”") % {
        "actor": _actor(event),
        "title": event.target.thread.title,
    }


def _describe_reply(event) -> str:
    return gettext("%(actor)s replied in “%(title)s”") % {
        "actor": _actor(event),
        "title": event.target.thread.title,
    }


def _describe_thread(event) -> str:
    return gettext("%(actor)s started “%(title)s” in %(group)s") % {
        "actor": _actor(event),
        "title": event.target.title,
        "group": event.target.group.name,
    }


def _reply_to(person, event) -> str | None:
    """The person's own reply address for the post's thread, when they may post there: the
    e-mail's Reply-To, so that answering it posts in the thread (inbound/)."""
    thread = event.target.thread
    if not permissions.can_post(person, thread):
        return None
    return reply_address(user=person, thread=thread)


def register_kinds() -> None:
    register_kind(
        Kind(
            key="mention",
            label=_("Mentions of me in discussions"),
            may_see=permissions.can_read_post,
            describe=_describe_mention,
            url=lambda post: post.get_absolute_url(),
            default_email=IMMEDIATE,
            order=10,
            personal=True,
            reply_to=_reply_to,
            reply_hint=REPLY_HINT,
        )
    )
    register_kind(
        Kind(
            key="reply",
            label=_("Replies in discussions I follow"),
            may_see=permissions.can_read_post,
            describe=_describe_reply,
            url=lambda post: post.get_absolute_url(),
            default_email=IMMEDIATE,
            order=11,
            reply_to=_reply_to,
            reply_hint=REPLY_HINT,
        )
    )
    register_kind(
        Kind(
            key="thread",
            label=_("New discussions in groups I follow"),
            may_see=permissions.can_read_thread,
            describe=_describe_thread,
            url=lambda thread: thread.get_absolute_url(),
            default_email=DAILY,
            order=12,
        )
    )
