"""The candidates' workflows: ``registration`` (the steps), ``journey`` (the one way a phase
changes), ``privacy`` (consent, the access log) and ``events`` (events, places, appointments)."""
