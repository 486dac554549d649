"""A site with a page and a task that fail, served by daphne for test_error_reporting.py:
portal.settings (which starts the error reporting from SENTRY_DSN) with these two doors."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django_tasks import task

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.portal.error_site"
SECRET = "geheim-jaarverslag-7731"


@csrf_exempt
def failing_page(request):
    private_text = f"{SECRET} in a local variable"  # noqa: F841 (must not be sent)
    raise RuntimeError("the page broke")


@task()
def failing_task(document_text):
    raise ValueError("the extraction broke")


def start_failing_task(request):
    failing_task.enqueue(SECRET)
    return HttpResponse("ok")


def ready(request):
    return HttpResponse("ok")


urlpatterns = [
    path("klaar/", ready),
    path("kapot/", failing_page),
    path("taak/", start_failing_task),
]
