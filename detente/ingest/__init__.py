"""Ingest stage: find input files and read them into `RawDoc` records (or `Reject`s).

Readers never modify inputs and never raise on bad data: every problem becomes a
`Reject` with a one-line reason, so one bad file cannot stop a run.
"""

from detente.ingest.files import InputFile, discover, format_of
from detente.ingest.readers import read_file

__all__ = ["InputFile", "discover", "format_of", "read_file"]
