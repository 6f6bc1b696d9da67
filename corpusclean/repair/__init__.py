"""Repairs of what scraping broke: encodings, invisible characters, whitespace."""
