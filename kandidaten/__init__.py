"""Candidates and their journey: registration with route advice, My journey, consent and the
access log, phases as events, events and appointments, and the candidates' reminder rules.

Uses the core only; never the desk or ``vacatures``. What the desk must do when a candidate's
situation changes goes through ``kandidaten/hooks.py``."""
