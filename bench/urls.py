from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The baseline: a Django view that does nothing but answer, through the same middleware."""
    return HttpResponse("<!DOCTYPE html><title>bare</title><p>ok</p>")


urlpatterns = [path("bench/bare/", bare), path("", include("portal.urls"))]
