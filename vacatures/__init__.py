"""Vacancies: the public board and a vacancy's page, interest, and the HR officers' own
vacancy pages and invitations, with the vacancies' reminder rule.

Uses the core only; never the desk or ``kandidaten``. A filled vacancy and a registered interest
reach the desk through ``vacatures/hooks.py``."""
