"""The portal's date formats per language (``FORMAT_MODULE_PATH``): templates name a format
(``date:"DATE_FORMAT"``, ``"SHORT_DATE_FORMAT"``) and each language writes it its own way."""
