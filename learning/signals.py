from wagtail.signals import page_published

from learning.models import WebinarPage


def _webinar_published(sender, instance, **kwargs):
    from learning.services import webinar_schedule_published

    webinar_schedule_published(webinar=instance)


page_published.connect(_webinar_published, sender=WebinarPage, dispatch_uid="learning_schedule")
