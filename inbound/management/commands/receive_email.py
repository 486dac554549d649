"""Takes one e-mail from the mail server: the raw RFC 5322 message on stdin, the recipient as the
argument (Postfix: ${recipient}) or, without one, from the Delivered-To/X-Original-To/To headers.

Exit codes (sysexits.h, as the mail server reads them):
   0  posted, or dropped on purpose (bounce, auto-reply, duplicate, expired address, no access,
      locked thread, empty reply, …): logged, nothing for the mail server to do
  67  EX_NOUSER: not a reply address of ours (unknown or forged): the mail server bounces
  77  EX_NOPERM: a valid address, but sent from an address that is not its owner's: bounced, so
      a colleague replying to a forwarded notification learns why nothing appeared
  75  EX_TEMPFAIL: something went wrong on our side (database away, …): the mail server keeps
      the message and tries again later

Never a traceback: unexpected errors are logged in one line (run by hand with --traceback to see
the whole error)."""

import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from inbound.models import InboundMessage

logger = logging.getLogger("kennisplein.inbound")

EX_OK = 0
EX_NOUSER = 67
EX_TEMPFAIL = 75
EX_NOPERM = 77

Reason = InboundMessage.Reason
_EXIT_CODES = {
    Reason.UNKNOWN_ADDRESS: EX_NOUSER,
    Reason.FORGED_TOKEN: EX_NOUSER,
    Reason.WRONG_SENDER: EX_NOPERM,
}
# What the mail server puts in its bounce (in English, as the rest of a bounce is).
_BOUNCE_TEXTS = {
    EX_NOUSER: "5.1.1 Unknown address: this is not a reply address of Kennisplein.",
    EX_NOPERM: (
        "5.7.1 This reply address accepts replies only from the person the notification was "
        "sent to, from one of their verified addresses."
    ),
}


class Command(BaseCommand):
    help = "Posts an e-mail reply (raw message on stdin) in its thread; for the mail server."
    # call_command(..., stdin=io.BytesIO(raw)) in tests.
    stealth_options = ("stdin",)
    requires_system_checks = []  # once per message: the checks would cost more than the work

    def add_arguments(self, parser):
        parser.add_argument(
            "recipient",
            nargs="?",
            default="",
            help="The address the message was delivered to (Postfix: ${recipient}).",
        )
        parser.add_argument(
            "--sender",
            default=None,
            help="The envelope sender (Postfix: ${sender}); empty for bounces.",
        )

    def handle(self, *args, **options):
        stream = options.get("stdin") or sys.stdin.buffer
        try:
            from inbound.services import message_receive

            receipt = message_receive(
                raw=stream.read(),
                recipient=options["recipient"] or None,
                envelope_sender=options["sender"],
            )
        except Exception as error:
            if options.get("traceback"):
                raise
            logger.error("inbound e-mail not taken: %s: %s", type(error).__name__, error)
            raise CommandError(
                "4.3.0 Temporary failure, please try again later.", returncode=EX_TEMPFAIL
            ) from None
        code = _EXIT_CODES.get(receipt.reason, EX_OK)
        if code != EX_OK:
            raise CommandError(_BOUNCE_TEXTS[code], returncode=code)
        self.stdout.write(receipt.reason)
