"""A webinar is changed by publishing its Wagtail page: Wagtail's signal is wired to the event here
(the other events are emitted by the services of learning and cooperation)."""

from wagtail.signals import page_published

from learning.models import WebinarPage
from webhooks.models import Event


def _webinar_published(sender, instance, **kwargs):
    from webhooks.services import event_emit

    event_emit(Event.WEBINAR_CHANGED, target=instance)


page_published.connect(_webinar_published, sender=WebinarPage, dispatch_uid="webhooks_webinar")
