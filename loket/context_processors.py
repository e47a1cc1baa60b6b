from django.conf import settings

from loket.selectors import is_desk_user


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_name": settings.LOKET_PORTAL_NAME,
        "is_desk_user": bool(user and is_desk_user(user)),
    }
