"""Reads about users and their roles that several views share."""

from django.db.models import QuerySet

from loket.core.models import Region, Role, RoleAssignment, School


def role_regions_of(user) -> frozenset[tuple[str, int | None]]:
    """(role, region id) for each role a user holds, the region None for roles outside a region
    (cached on the user object for the request: the nav, the access check and the file's
    buttons read the same row)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_loket_role_regions", None)
    if cached is None:
        cached = frozenset(RoleAssignment.objects.filter(user=user).values_list("role", "region"))
        user._loket_role_regions = cached
    return cached


def roles_of(user) -> set[str]:
    """The role names a user holds (cached on the user object for the request)."""
    return {role for role, _region in role_regions_of(user)}


def staff_region_ids(user) -> set[int]:
    """The ids of the regions the user works for as desk staff or coordinator."""
    return {
        region
        for role, region in role_regions_of(user)
        if role in (Role.DESK_STAFF, Role.COORDINATOR) and region is not None
    }


def is_desk_user(user) -> bool:
    """Desk staff, coordinators, HR officers and study advisers see personal data of others."""
    return bool(
        roles_of(user) & {Role.DESK_STAFF, Role.COORDINATOR, Role.HR_OFFICER, Role.STUDY_ADVISER}
    )


def coordinated_regions(user) -> QuerySet[Region]:
    return Region.objects.filter(
        roleassignment__user=user, roleassignment__role=Role.COORDINATOR
    ).distinct()


def staff_regions(user) -> QuerySet[Region]:
    """Regions the user works for as desk staff or coordinator."""
    return Region.objects.filter(
        roleassignment__user=user,
        roleassignment__role__in=[Role.DESK_STAFF, Role.COORDINATOR],
    ).distinct()


def hr_schools(user) -> QuerySet[School]:
    """Schools an HR officer acts for: their own school, or every school of their board."""
    assignments = RoleAssignment.objects.filter(user=user, role=Role.HR_OFFICER)
    return School.objects.filter(
        pk__in=assignments.exclude(school=None).values("school")
    ) | School.objects.filter(board__in=assignments.exclude(board=None).values("board"))
