from django.conf import settings

from loket.core.models import Role
from loket.core.selectors import is_desk_user, roles_of


def portal(request):
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else set()
    return {
        "portal_name": settings.LOKET_PORTAL_NAME,
        "is_desk_user": bool(user and is_desk_user(user)),
        "is_candidate": Role.CANDIDATE in roles,
        "is_hr_officer": Role.HR_OFFICER in roles,
        "is_desk_staff": bool(roles & {Role.DESK_STAFF, Role.COORDINATOR}),
        "is_study_adviser": Role.STUDY_ADVISER in roles,
    }
