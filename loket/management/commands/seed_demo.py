from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from loket import demo


class Command(BaseCommand):
    help = "Create fictional demo regions, schools, subjects and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (demo passwords are public: never in production).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo data has public passwords; use --force to seed with DEBUG off."
            )
        logins = demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for email, role in logins:
            self.stdout.write(f"  {role:<22} {email}  /  {demo.DEMO_PASSWORD}")
