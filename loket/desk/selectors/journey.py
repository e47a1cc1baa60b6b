"""What the desk adds to the candidate's My journey (through ``kandidaten.hooks``)."""

from loket.desk.selectors.proposals import proposals_of_candidate


def journey_sections(*, candidate) -> dict:
    """The candidate's proposals to schools and their suitability assessments, for the
    ``journey/_proposals.html`` and ``journey/_assessment.html`` sections."""
    return {
        "proposals": proposals_of_candidate(candidate),
        "assessments": list(
            candidate.assessments.select_related("institute").order_by("-referred_at")
        ),
    }
