from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.crypto import get_random_string

from loket.core.mail.outbox import mail_queue
from loket.core.models import MailReason, Region


class Command(BaseCommand):
    help = "Queue a test message to an address, through the outbox and the worker like any mail."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--region", help="slug of the region whose desk sends it")
        parser.add_argument("--language", default="nl", choices=["nl", "en"])

    def handle(self, *args, email: str, region: str | None, language: str, **options):
        desk = Region.objects.get(slug=region) if region else None
        with transaction.atomic():
            mail = mail_queue(
                recipient=email,
                reason=MailReason.TEST,
                key=f"test:{get_random_string(16)}",
                essential=True,  # a test must not wait for the morning or be capped
                region=desk,
                language=language,
            )
        self.stdout.write(
            f"Queued message {mail.pk} to {email}; a worker sends it. "
            "Its status is in the admin under Outgoing mail."
        )
