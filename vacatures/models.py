"""Vacancies and proposals (see issue: vacancies)."""
