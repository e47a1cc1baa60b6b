"""What the vacancy app sets off in the layers above it (see ``loket.core.hooks``)."""

from loket.core.hooks import Hook

vacancy_filled = Hook(
    "vacancy_filled",
    provides="vacancy, actor: a vacancy became filled; what still waits for it must be answered",
)

interest_registered = Hook(
    "interest_registered",
    provides="interest: a signed-in candidate said they are interested in a vacancy",
)
