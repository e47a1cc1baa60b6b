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
