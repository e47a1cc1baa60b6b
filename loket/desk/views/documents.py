"""A candidate's document (CV, diploma), served only to those who may see it: the candidate,
the desk of their region, and the HR officers of a school that invited them. Everyone else
gets a 404. Staff and HR downloads are written to the access log."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from kandidaten.services.privacy import access_record
from loket.desk.access import get_document_for


@login_required
@require_safe
def document(request, pk: int):
    document, who = get_document_for(request.user, pk)
    if who != "own":
        access_record(
            user=request.user, candidates=[document.candidate], action="view", what="document"
        )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.kind}-{document.candidate_id}.{document.extension}",
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
