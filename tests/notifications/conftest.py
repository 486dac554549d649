"""Notifications are about the Coöperatieplatform's groups and the Leerplatform's webinars: their
people, groups and webinars are ours too."""

import pytest
from django.core import mail

from cooperation import services
from tests.cooperation.conftest import *  # noqa: F403
from tests.cooperation.conftest import upload
from tests.learning.conftest import committed, make_webinar, webinar_index  # noqa: F401


@pytest.fixture
def upload_document(django_capture_on_commit_callbacks):
    """Uploads a document through the Coöperatieplatform's service, running what it queues for
    after the commit (the immediate e-mails) as production would."""

    def upload_as(group, by, title="Agenda september"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_upload(
                group=group,
                uploaded=upload(f"{title}.txt", b"Agenda van de werkgroep\n", "text/plain"),
                title=title,
                by=by,
            )

    return upload_as


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
