"""A short, plain explanation of the routes a vacancy suits. Advice only: the candidates app
holds the real route engine; this only reads the vacancy's own requirements."""

from django.utils.translation import gettext as _

from loket.core.models import Sector
from vacatures.models import Qualification, Vacancy


def route_hints(vacancy: Vacancy) -> list[str]:
    hints = []
    if vacancy.qualification == Qualification.FIRST_GRADE:
        hints.append(
            _(
                "This post needs a first-grade qualification: a university teacher-training "
                "master, or an hbo master's programme, for teaching upper havo/vwo."
            )
        )
    elif vacancy.qualification == Qualification.SECOND_GRADE:
        hints.append(
            _(
                "This post needs a second-grade qualification: an hbo teacher-training "
                "programme (full-time, part-time or dual)."
            )
        )
    else:
        hints.append(
            _("The school also welcomes someone who is still training to become a teacher.")
        )
    if vacancy.open_to_career_switchers and vacancy.school.accepts_career_switchers:
        hints.append(
            _(
                "Open to career switchers: with an hbo or wo degree you can start here while "
                "you train (zij-instroom), after a positive suitability assessment, for at "
                "most two years."
            )
        )
    if Sector.PO in vacancy.sectors:
        hints.append(_("For primary school you train at a pabo (a shortened route exists)."))
    if Sector.MBO in vacancy.sectors:
        hints.append(
            _(
                "In mbo, a professional with a degree in the trade can teach while obtaining "
                "a teaching certificate (PDG)."
            )
        )
    return hints
