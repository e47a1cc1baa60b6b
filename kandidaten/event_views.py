"""Placeholder until the events and appointments module lands (replaced on merge)."""


def appointment_context(candidate) -> dict:
    return {}


def mail_context(candidate) -> dict:
    return {}
