"""The candidate's privacy pages under /mijn-traject/: all their data (page and JSON), removing
it (after a fresh sign-in), documents, and agreeing to a new privacy statement."""

import json
import logging

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kandidaten import forms
from kandidaten.models import ErasureReason
from kandidaten.selectors import candidate_of
from kandidaten.services.documents import document_delete, document_upload
from kandidaten.services.erasure import candidate_erase
from kandidaten.services.export import candidate_export, export_as_json, export_as_rows
from kandidaten.services.privacy import (
    candidate_agree_to_statement,
    current_privacy_statement,
    needs_new_agreement,
)
from loket.core.http import error_text

logger = logging.getLogger(__name__)

AGREEMENT_SESSION_KEY = "loket_privacy_recheck"


def _own_candidate(request):
    candidate = candidate_of(request.user)
    if candidate is None or candidate.is_anonymised:
        return None
    return candidate


@login_required
@require_safe
def data_export(request):
    """Everything the portal holds about the candidate: a printable page, or the same as a JSON
    file with ``?format=json``. Each one is written to the access log."""
    candidate = candidate_of(request.user)
    if candidate is None:
        return redirect("kandidaten:start")
    try:
        export = candidate_export(candidate=candidate, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("home")
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(export_as_json(export), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{stamp}.json"'
        response["Cache-Control"] = "no-store"
        return response
    response = render(
        request,
        "kandidaten/privacy/export.html",
        {"candidate": candidate, "export": export, "sections": export_as_rows(export)},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauthentication_required(allow_get=True)
def erase(request):
    """Remove all their data. The POST needs a fresh sign-in (password, or a code by email):
    allauth keeps the request, asks, and replays it. All or nothing: on a failure nothing is
    changed and the page says so."""
    candidate = _own_candidate(request)
    if candidate is None:
        return redirect("kandidaten:start")
    form = forms.EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate_erase(candidate=candidate, actor=None, reason=ErasureReason.CANDIDATE)
        except ValidationError as error:
            form.add_error(None, error)
        except Exception as error:
            # The error's class only: a database error's detail can quote personal values.
            logger.error(
                "Erasure of candidate %s failed (%s); nothing was changed",
                candidate.pk,
                type(error).__name__,
            )
            form.add_error(
                None,
                _(
                    "Your data could not be removed because of a fault on our side. Nothing "
                    "has been changed: your account is as it was. Please try again later or "
                    "contact the desk."
                ),
            )
        else:
            logout(request)
            return redirect("kandidaten:erased")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "kandidaten/privacy/erase.html",
        {"candidate": candidate, "form": form},
        status=status,
    )


@require_safe
def erased(request):
    """After the removal: signed out, with what happened."""
    return render(request, "kandidaten/privacy/erased.html")


@login_required
@require_POST
def upload_document(request):
    candidate = _own_candidate(request)
    if candidate is None or not candidate.is_registered:
        return redirect("kandidaten:start")
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_upload(
                candidate=candidate,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
    if form.errors:
        return render(
            request,
            "kandidaten/privacy/documents.html",
            {"candidate": candidate, "form": form},
            status=400,
        )
    messages.success(request, _("Your document has been uploaded."))
    return redirect(reverse("kandidaten:documents"))


@login_required
@require_safe
def documents(request):
    candidate = _own_candidate(request)
    if candidate is None or not candidate.is_registered:
        return redirect("kandidaten:start")
    return render(
        request,
        "kandidaten/privacy/documents.html",
        {"candidate": candidate, "form": forms.DocumentForm()},
    )


@login_required
@require_POST
def delete_document(request, pk: int):
    candidate = _own_candidate(request)
    if candidate is None:
        raise Http404
    document = candidate.documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    document_delete(candidate=candidate, document=document)
    messages.success(request, _("The document has been removed."))
    return redirect("kandidaten:documents")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agree_statement(request):
    """A new version of the privacy statement: read it and agree (at the next sign-in)."""
    candidate = _own_candidate(request)
    statement = current_privacy_statement()
    if candidate is None or statement is None or not needs_new_agreement(candidate):
        request.session.pop(AGREEMENT_SESSION_KEY, None)
        return redirect("kandidaten:journey")
    if request.method == "POST":
        if request.POST.get("agree") == "yes":
            candidate_agree_to_statement(candidate=candidate, statement=statement)
            request.session.pop(AGREEMENT_SESSION_KEY, None)
            messages.success(request, _("Thank you. Your consent now refers to the new version."))
            return redirect("kandidaten:journey")
        messages.error(request, _("Agree to the new version, or withdraw your consent below."))
    return render(
        request,
        "kandidaten/privacy/agree.html",
        {"candidate": candidate, "statement": statement},
    )
