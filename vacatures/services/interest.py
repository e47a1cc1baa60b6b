"""A signed-in visitor says they are interested in a vacancy; the desk follows up."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from loket.core.models import Role, RoleAssignment, User
from vacatures import hooks
from vacatures.models import Interest, Vacancy


@transaction.atomic
def interest_register(*, user: User, vacancy: Vacancy) -> tuple[Interest, bool]:
    """Record that a candidate is interested in a published vacancy (once; a repeat is a no-op)."""
    if not vacancy.is_public:
        raise ValidationError(_("This vacancy is no longer open."), code="not_open")
    if not RoleAssignment.objects.filter(user=user, role=Role.CANDIDATE).exists():
        raise ValidationError(_("Only candidates can register interest."), code="not_candidate")
    interest, created = Interest.objects.get_or_create(user=user, vacancy=vacancy)
    if created:
        # The desk follows up (its guide hears of it): connected in loket.desk.hooks.
        hooks.interest_registered.call(interest=interest)
    return interest, created
