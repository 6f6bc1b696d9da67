"""Reading inputs into documents and writing documents out."""

from .readers import InputFile, discover, read
from .writers import CORPUS, REJECTED, REPORT, CorpusWriter, prepare_output

__all__ = [
    "CORPUS",
    "REJECTED",
    "REPORT",
    "CorpusWriter",
    "InputFile",
    "discover",
    "prepare_output",
    "read",
]
