"""Deduplication: exact, near-duplicate and repeated paragraphs."""
