from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacaturesConfig(AppConfig):
    name = "vacatures"
    verbose_name = _("Vacancies")
