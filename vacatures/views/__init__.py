"""The vacancy pages: ``board`` (public) and ``hr`` (/vacatures/beheer/)."""
