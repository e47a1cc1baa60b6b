"""Who works where: the people of a region, a school or a training institute.

Every "who should hear of this" and "who may do this" query starts here, so the rule for who
counts (an active account, the role, its scope; an HR officer acts for their school or for every
school of their board) is written once.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from loket.core.models import Role, RoleAssignment, School, TrainingInstitute, User

DESK_ROLES = (Role.DESK_STAFF, Role.COORDINATOR)


def people_with_role(roles: Iterable[str], **scope) -> QuerySet[User]:
    """Active users holding one of ``roles`` in ``scope`` (``region=…``, ``institute=…`` or a
    lookup such as ``region__in=…``), each once, in name order."""
    scope = {f"roles__{name}": value for name, value in scope.items()}
    return (
        User.objects.filter(is_active=True, roles__role__in=list(roles), **scope)
        .distinct()
        .order_by("full_name", "email")
    )


def staff_of_region(region) -> QuerySet[User]:
    """Active desk staff and coordinators of a region (the people who can guide candidates)."""
    return people_with_role(DESK_ROLES, region=region)


def staff_of_regions(regions) -> QuerySet[User]:
    """The same for several regions (a queryset or a list of regions)."""
    return people_with_role(DESK_ROLES, region__in=regions)


def coordinators_of(region) -> QuerySet[User]:
    return people_with_role([Role.COORDINATOR], region=region)


def advisers_of(institute: TrainingInstitute) -> QuerySet[User]:
    """The study advisers of a training institute."""
    return people_with_role([Role.STUDY_ADVISER], institute=institute)


def school_hr_officers(school: School) -> QuerySet[User]:
    """The HR officers who act for a school: its own, and those of its whole board."""
    return (
        User.objects.filter(is_active=True, roles__role=Role.HR_OFFICER)
        .filter(Q(roles__school=school) | Q(roles__board_id=school.board_id))
        .distinct()
        .order_by("full_name", "email")
    )


def hr_officers_by_school(schools: Iterable[School]) -> dict[int, list[User]]:
    """``school_hr_officers`` for many schools at once, in one query for any number."""
    schools = list({school.pk: school for school in schools}.values())
    if not schools:
        return {}
    assignments = (
        RoleAssignment.objects.filter(role=Role.HR_OFFICER, user__is_active=True)
        .filter(Q(school__in=[s.pk for s in schools]) | Q(board__in={s.board_id for s in schools}))
        .select_related("user")
        .order_by("user_id")
    )
    by_pk = {school.pk: school for school in schools}
    by_board: dict[int, list[School]] = defaultdict(list)
    for school in schools:
        by_board[school.board_id].append(school)
    by_school: dict[int, list[User]] = defaultdict(list)
    for assignment in assignments:
        targets = (
            [by_pk[assignment.school_id]]
            if assignment.school_id in by_pk
            else by_board.get(assignment.board_id, [])
        )
        for school in targets:
            if assignment.user not in by_school[school.pk]:
                by_school[school.pk].append(assignment.user)
    return by_school
