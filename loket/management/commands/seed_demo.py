import importlib

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
        # Apps that come later add their own demo rows through <app>.demo.seed().
        for app_name in settings.LOKET_PROJECT_APPS:
            if app_name == "loket":
                continue
            try:
                module = importlib.import_module(f"{app_name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_name}.demo":
                    raise
                continue
            module.seed()
        # The desk's own demo work needs the candidates and vacancies of the apps above.
        from loket.desk import demo as desk_demo

        desk_demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for email, role in logins:
            self.stdout.write(f"  {role:<22} {email}  /  {demo.DEMO_PASSWORD}")
