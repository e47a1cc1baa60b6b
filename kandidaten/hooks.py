"""What the candidate app sets off in the layers above it (see ``loket.core.hooks``)."""

from loket.core.hooks import Hook

desk_consent_withdrawn = Hook(
    "desk_consent_withdrawn",
    provides="candidate, actor: the candidate no longer lets the desk work with their data",
)

journey_sections = Hook(
    "journey_sections",
    provides="candidate -> dict: more context for My journey, with the templates that show it "
    "under 'section_templates' (the desk adds its proposals and the assessment outcome)",
)

schools_consent_withdrawn = Hook(
    "schools_consent_withdrawn",
    provides="candidate, actor: the candidate no longer wants to be shown to schools (the desk "
    "withdraws their open proposals)",
)

candidate_erasing = Hook(
    "candidate_erasing",
    provides="candidate, actor: the record is being anonymised in this transaction; anonymise "
    "what you keep about them and withdraw what is open, telling others without personal data",
)

export_sections = Hook(
    "export_sections",
    provides="candidate -> dict: more sections for the candidate's data export (the desk adds "
    "contacts, notes, proposals, referrals and assessments), as plain JSON-ready values",
)
