"""Referrals between regions: the incoming and sent referrals, answering and withdrawing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from loket.core.selectors import staff_regions
from loket.desk import forms
from loket.desk.access import (
    get_referral_for,
    require_desk,
)
from loket.desk.models import Referral
from loket.desk.services import referrals as referral_services
from loket.desk.views.file import file_url

# --- Referrals ------------------------------------------------------------------------------------


@require_safe
@login_required
def referrals(request):
    """Referrals waiting for this desk, and the ones this desk sent."""
    require_desk(request.user)
    regions = staff_regions(request.user)
    base = Referral.objects.select_related("candidate", "from_region", "to_region", "referred_by")
    return render(
        request,
        "loket/desk/referrals.html",
        {
            "incoming": list(
                base.filter(to_region__in=regions, status=Referral.Status.PENDING).order_by(
                    "created_at"
                )
            ),
            "sent": Paginator(
                base.filter(from_region__in=regions).order_by("-created_at"), 25
            ).get_page(request.GET.get("page")),
        },
    )


@require_POST
@login_required
def answer_referral(request, pk: int):
    referral = get_referral_for(request.user, pk, side="to")
    form = forms.ReferralAnswerForm(request.POST)
    if form.is_valid():
        try:
            referral_services.referral_answer(
                actor=request.user,
                referral=referral,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if form.cleaned_data["accept"]:
                messages.success(request, _("The candidate is now one of your desk's candidates."))
                return redirect(file_url(referral.candidate))
            messages.success(request, _("The referral has been declined."))
            return redirect("desk:referrals")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(file_url(referral.candidate))


@require_POST
@login_required
def withdraw_referral(request, pk: int):
    referral = get_referral_for(request.user, pk, side="from")
    try:
        referral_services.referral_withdraw(actor=request.user, referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral has been withdrawn."))
    return redirect(file_url(referral.candidate, "referrals"))
