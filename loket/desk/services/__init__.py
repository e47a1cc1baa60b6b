"""The desk's workflows, one module per domain: ``guidance`` (contacts, notes, guide, next
action, phase), ``assessments``, ``referrals`` and ``proposals``. Each service runs in one
transaction and refuses (``ValidationError``) what the actor may not do."""
