"""Python access to bechdelcli: who speaks in a film, by sex, and which films fail the Bechdel test.

Every function runs the `bechdelcli` executable (found through the BECHDELCLI environment variable, then the
PATH) and reads back what it prints: the numbers are exactly the tool's.
"""
from ._cli import BechdelCLIError, BechdelCLINotFoundError, BechdelCLIWarning, executable
from ._api import count_speakers, diarize, predict_bechdel, explain, load_store

__all__ = ["BechdelCLIError", "BechdelCLINotFoundError", "BechdelCLIWarning", "executable", "count_speakers",
           "diarize", "predict_bechdel", "explain", "load_store"]
__version__ = "0.1.0"
