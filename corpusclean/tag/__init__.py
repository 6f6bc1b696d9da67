"""Taggers measure facts about a document and write them into ``doc.tags``."""
