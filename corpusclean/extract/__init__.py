"""Extraction: the main text of a whole HTML page (``extract.html``)."""
