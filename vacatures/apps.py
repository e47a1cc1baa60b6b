from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacaturesConfig(AppConfig):
    name = "vacatures"
    verbose_name = _("Vacancies")

    def ready(self):
        # The board, vacancy pages and the home page are cached for anonymous visitors
        # (loket.core.cache); any change of what they show gives them a new version.
        from loket.core.cache import bump_on_change  # noqa: PLC0415
        from loket.core.models import Board, Region, School, Subject  # noqa: PLC0415
        from vacatures.models import Vacancy  # noqa: PLC0415

        bump_on_change(
            ("vacancies",), Vacancy, Vacancy.subjects.through, School, Board, Region, Subject
        )
