"""Boilerplate: main text from full pages, junk lines from text, repeated lines per source.

``extract`` turns a whole HTML page into its main text (trafilatura); ``rules`` and
``lines`` remove navigation, prompts, bylines and debris line by line; ``page`` names
whole documents that are junk (error pages, paywalls, ...); ``repeated`` removes lines
that a source repeats across many of its documents.
"""
