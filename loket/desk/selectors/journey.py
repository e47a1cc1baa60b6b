"""What the desk adds to the candidate's My journey (through ``kandidaten.hooks``)."""

from loket.desk.selectors.proposals import proposals_of_candidate


def journey_sections(*, candidate) -> dict:
    """The candidate's proposals to schools and their suitability assessments, and the two
    sections of My journey that show them (``section_templates``, in this order)."""
    return {
        "section_templates": [
            "loket/desk/_journey_proposals.html",
            "loket/desk/_journey_assessment.html",
        ],
        "proposals": proposals_of_candidate(candidate),
        "assessments": list(
            candidate.assessments.select_related("institute").order_by("-referred_at")
        ),
    }
