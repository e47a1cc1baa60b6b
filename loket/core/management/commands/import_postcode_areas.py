import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loket.core.models import PostcodeArea


class Command(BaseCommand):
    help = (
        "Load PC4 postcode-area centres from a CSV with the columns digits, latitude, longitude "
        "and optionally municipality (e.g. converted from the open CBS/PDOK PC4 data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path", type=Path)

    @transaction.atomic
    def handle(self, *args, csv_path: Path, **options):
        if not csv_path.exists():
            raise CommandError(f"No such file: {csv_path}")
        count = import_csv(csv_path)
        self.stdout.write(self.style.SUCCESS(f"{count} postcode areas loaded."))


def import_csv(csv_path: Path) -> int:
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                digits = row["digits"].strip()
                latitude, longitude = float(row["latitude"]), float(row["longitude"])
            except (KeyError, ValueError) as error:
                raise CommandError(f"Line {line}: {error}") from None
            if len(digits) != 4 or not digits.isdigit() or digits[0] == "0":
                raise CommandError(f"Line {line}: {digits!r} is not a four-digit postcode area.")
            rows.append(
                PostcodeArea(
                    digits=digits,
                    latitude=latitude,
                    longitude=longitude,
                    municipality=(row.get("municipality") or "").strip(),
                )
            )
    PostcodeArea.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["digits"],
        update_fields=["latitude", "longitude", "municipality"],
    )
    return len(rows)
