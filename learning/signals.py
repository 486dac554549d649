from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
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
# A privacy setting added to a page must not wait for the cache of anonymous pages to expire.
for signal in (post_save, post_delete):
    signal.connect(_listing_changed, sender=PageViewRestriction, dispatch_uid="learning_privacy")
