"""HR officers and the desk invite colleagues of a school or board.

An invitation changes nothing until the invited person accepts it on the invitation page: a new
person chooses a password there; someone who already has an account signs in with it and says
yes (so an invitation never hands the HR role to an account, a candidate's or the superuser's,
without its owner's say). The link works once and expires; only a hash of its token is stored.
"""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.core.mail.outbox import mail_queue
from loket.core.models import Board, MailReason, Role, RoleAssignment, School, User
from vacatures.models import HrInvitation
from vacatures.selectors import invitable_scopes


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str, *, for_update: bool = False) -> HrInvitation | None:
    """The invitation of a link's token, or None for a token nobody issued."""
    found = HrInvitation.objects.select_related("school", "board", "invited_by")
    if for_update:
        found = found.select_for_update(of=("self",))
    return found.filter(token_hash=token_hash(token)).first()


def invitation_problem(invitation: HrInvitation | None, now=None) -> str | None:
    """Why a link can no longer be used, in the visitor's words; None when it can."""
    if invitation is None:
        return _("This invitation link is not valid. Ask the person who invited you for a new one.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been accepted. Sign in to get to your vacancies.")
    if invitation.declined_at is not None:
        return _("This invitation was declined. Ask the person who invited you for a new one.")
    if invitation.is_expired(now):
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    return None


@transaction.atomic
def hr_officer_invite(
    *,
    inviter: User,
    email: str,
    full_name: str = "",
    school: School | None = None,
    board: Board | None = None,
    base_url: str,
) -> HrInvitation:
    """Invite someone to be HR officer for one school or one board, and mail them the link.

    The inviter must work for the region of the school or board. Nothing else changes yet: no
    account, no role, until the invitation is accepted.
    """
    if (school is None) == (board is None):
        raise ValidationError(_("Choose either a school or a board."), code="scope")
    schools, boards = invitable_scopes(inviter)
    if school is not None and not schools.filter(pk=school.pk).exists():
        raise ValidationError(_("You cannot invite for this school."), code="scope")
    if board is not None and not boards.filter(pk=board.pk).exists():
        raise ValidationError(_("You cannot invite for this board."), code="scope")

    email = User.objects.normalize_email(email).lower()
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    invitation = HrInvitation.objects.create(
        token_hash=token_hash(token),
        email=email,
        full_name=full_name.strip(),
        school=school,
        board=board,
        invited_by=inviter,
        created_at=now,
        expires_at=now + timedelta(days=HrInvitation.EXPIRY_DAYS),
    )
    user = User.objects.filter(email__iexact=email).first()
    scope = invitation.scope
    link = base_url.rstrip("/") + reverse("vacatures:hr_invitation", args=[token])
    # Each invitation is its own message; the outbox sends it through the worker, retries when
    # the mail server is away, and shows it to the desk.
    mail_queue(
        recipient=user or email,
        reason=MailReason.ACCOUNT,
        key=f"account:hr_invitation:{invitation.pk}",
        template="hr_invitation",
        context={
            "inviter": inviter,
            "scope": str(scope),
            "link": link,
            "created": user is None,
            "expires_at": invitation.expires_at,
        },
        region=scope.region,
        essential=True,
        # The link sets a password: stored redacted, sent in full (issue 11).
        secrets=[link],
    )
    return invitation


def _use(invitation: HrInvitation, now) -> None:
    problem = invitation_problem(invitation, now)
    if problem:
        raise ValidationError(problem, code="invitation_used")


@transaction.atomic
def hr_invitation_accept(*, token: str, user: User) -> HrInvitation:
    """The signed-in owner of the invited address accepts: they get the HR role for the
    invitation's school or board. Works once."""
    now = timezone.now()
    invitation = invitation_by_token(token, for_update=True)
    _use(invitation, now)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation is for another email address. Sign out and sign in as %(email)s.")
            % {"email": invitation.email},
            code="other_account",
        )
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.HR_OFFICER, school=invitation.school, board=invitation.board
    )
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


@transaction.atomic
def hr_invitation_accept_new(*, token: str, full_name: str, password: str) -> User:
    """A person without an account accepts by choosing a password: the account is made, its
    address counts as verified (the link reached it), and it gets the HR role. Works once."""
    now = timezone.now()
    invitation = invitation_by_token(token, for_update=True)
    _use(invitation, now)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("There is already an account for %(email)s: sign in with it to accept.")
            % {"email": invitation.email},
            code="account_exists",
        )
    user = User(email=invitation.email, full_name=full_name.strip() or invitation.full_name)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    RoleAssignment.objects.create(
        user=user, role=Role.HR_OFFICER, school=invitation.school, board=invitation.board
    )
    invitation.accepted_at, invitation.accepted_by = now, user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def hr_invitation_decline(*, token: str, user: User) -> HrInvitation:
    """The owner of the address says no: nothing changes, and the link stops working."""
    now = timezone.now()
    invitation = invitation_by_token(token, for_update=True)
    _use(invitation, now)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation is for another email address."), code="other_account"
        )
    invitation.declined_at = now
    invitation.save(update_fields=["declined_at"])
    return invitation
