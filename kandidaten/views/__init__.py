"""The candidates' pages: ``registration`` (/aanmelden/), ``journey`` (/mijn-traject/),
``events`` (the public agenda) and ``desk_events`` (the desk's event pages, which need only the
core's regions)."""
