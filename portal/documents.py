"""Wagtail's document URLs (/documenten/), with one change to how a document is sent."""

from django.urls import path, re_path
from wagtail.documents.views import serve


def serve_as_uploaded(request, document_id, document_filename):
    """Wagtail's view, without the Content-Encoding it guesses from the file's name: "None" for
    most files, "gzip" for a .gz, which a browser would unpack on the way and save under the .gz
    name. A document is sent as it was uploaded."""
    response = serve.serve(request, document_id, document_filename)
    del response["Content-Encoding"]
    return response


urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve_as_uploaded, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
