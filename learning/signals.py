from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from learning.models import WebinarIndexPage, WebinarPage


def _webinar_published(sender, instance, **kwargs):
    from learning.services import webinar_schedule_published

    webinar_schedule_published(webinar=instance)


def _listing_changed(sender, instance, **kwargs):
    from learning.selectors import listing_changed

    transaction.on_commit(listing_changed)


page_published.connect(_webinar_published, sender=WebinarPage, dispatch_uid="learning_schedule")
for model in (WebinarPage, WebinarIndexPage):
    for signal in (page_published, page_unpublished):
        signal.connect(_listing_changed, sender=model, dispatch_uid=f"learning_listing_{model}")
