"""``manage.py retention [--dry-run]``: anonymise the records whose retention date has come, or
only list them. Prints record numbers only, never personal data."""

from django.core.management.base import BaseCommand

from kandidaten.services.retention import retention_run


class Command(BaseCommand):
    help = "Anonymise inactive candidates whose retention warning's date has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        result = retention_run(dry_run=dry_run)
        ids = ", ".join(str(pk) for pk in result["due"]) or "-"
        if dry_run:
            self.stdout.write(f"{result['day']}: {len(result['due'])} would be anonymised: {ids}")
            return
        done = ", ".join(str(pk) for pk in result["anonymised"]) or "-"
        self.stdout.write(f"{result['day']}: {len(result['anonymised'])} anonymised: {done}")
        if result["failed"]:
            failed = ", ".join(str(pk) for pk in result["failed"])
            self.stderr.write(
                f"{len(result['failed'])} failed (nothing changed for them): {failed}"
            )
