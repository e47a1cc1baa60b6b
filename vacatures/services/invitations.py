"""HR officers invite colleagues of their school or board: an account and a link to set a
password."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.mail.outbox import mail_queue
from loket.core.models import Board, MailReason, Role, RoleAssignment, School, User
from vacatures.selectors import invitable_scopes

# Fields a person edits on the form; the audit row records the ones that changed.


def invitation_link(*, user: User, base_url: str) -> str:
    """A one-time link to allauth's set-a-new-password page (it expires like a reset link)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def hr_officer_invite(
    *,
    inviter: User,
    email: str,
    full_name: str = "",
    school: School | None = None,
    board: Board | None = None,
    base_url: str,
) -> tuple[User, bool]:
    """Give someone the HR-officer role for one school or one board, and mail them a link.

    An existing account is reused (it gains the role); a new one is created without a usable
    password, so the only way in is the link (or a login code). The inviter must work for the
    region of the school or board. Returns (user, created).
    """

    if (school is None) == (board is None):
        raise ValidationError(_("Choose either a school or a board."), code="scope")
    schools, boards = invitable_scopes(inviter)
    if school is not None and not schools.filter(pk=school.pk).exists():
        raise ValidationError(_("You cannot invite for this school."), code="scope")
    if board is not None and not boards.filter(pk=board.pk).exists():
        raise ValidationError(_("You cannot invite for this board."), code="scope")

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        # The invitation goes to this address and the link proves the person reads it.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.HR_OFFICER, school=school, board=board
    )
    if created:
        link = invitation_link(user=user, base_url=base_url)
    else:
        link = base_url.rstrip("/") + reverse("vacatures:hr_list")
    scope = school or board
    region = scope.region
    # Each invitation is its own message (a second one sends a fresh link); the outbox sends it
    # through the worker, retries when the mail server is away, and shows it to the desk.
    mail_queue(
        recipient=user,
        reason=MailReason.ACCOUNT,
        key=f"account:hr_invitation:{user.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        template="hr_invitation",
        context={"inviter": inviter, "scope": str(scope), "link": link, "created": created},
        region=region,
        essential=True,
        # The link sets a password: stored redacted, sent in full (issue 11).
        secrets=[link] if created else None,
    )
    return user, created
