"""Wiring of allauth's signals to the services (no work of its own here)."""

from cooperation import services


def accept_invitations_on_email_confirmed(sender, request, email_address, **kwargs):
    # Someone invited before they had an account lands in the group once the address is theirs.
    services.invitations_accept_for_address(user=email_address.user, email=email_address.email)
