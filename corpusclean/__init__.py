"""corpusclean: turn messy scraped documents into a clean, deduplicated, tagged corpus.

The public API is small on purpose; everything else lives in modules that may change.

>>> import corpusclean
>>> corpusclean.clean_text("Caf\\u00c3\\u00a9   au lait\\u200b")
'Café au lait'
"""

from ._api import TextCleaner, clean_text, write
from .document import Document, Removal, Span
from .io.readers import read
from .job import CleanResult, clean
from .pipeline import Pipeline
from .repair.api import RepairResult, repair_text
from .report.stats import RunStats
from .version import __version__

__all__ = [
    "CleanResult",
    "Document",
    "Pipeline",
    "Removal",
    "RepairResult",
    "RunStats",
    "Span",
    "TextCleaner",
    "__version__",
    "clean",
    "clean_text",
    "read",
    "repair_text",
    "write",
]
