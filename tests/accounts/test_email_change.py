import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_changing_the_address_takes_effect_only_after_verification(client, librarian, password):
    client.post(reverse("account_login"), {"login": librarian.email, "password": password})
    client.post(reverse("account_email"), {"action_add": "", "email": "bram@nieuwebieb.test"})
    librarian.refresh_from_db()
    assert librarian.email == "bibliothecaris@bibliotheek.test"  # not yet
    assert mail.outbox[-1].to == ["bram@nieuwebieb.test"]

    link = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", mail.outbox[-1].body)
    client.post(link.group(1))
    librarian.refresh_from_db()
    assert librarian.email == "bram@nieuwebieb.test"
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": "bram@nieuwebieb.test", "password": password}
    )
    assert response.status_code == 302


def test_an_address_of_someone_else_cannot_be_taken(client, librarian, outsider, password):
    client.post(reverse("account_login"), {"login": librarian.email, "password": password})
    # allauth does not reveal here whether the address is in use: the claim stays an unverified
    # request that only the mailbox owner could confirm, and changes nothing for either account.
    client.post(reverse("account_email"), {"action_add": "", "email": outsider.email})
    librarian.refresh_from_db()
    assert librarian.email == "bibliothecaris@bibliotheek.test"
    assert not librarian.emailaddress_set.filter(email=outsider.email, verified=True).exists()
    client.post(reverse("account_logout"))
    response = client.post(
        reverse("account_login"), {"login": outsider.email, "password": password}
    )
    assert client.session["_auth_user_id"] == str(outsider.pk), response
