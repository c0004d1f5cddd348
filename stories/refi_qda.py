"""What the project's two REFI-QDA files share, so a researcher's tool sees one set of codes.

The codebook exchange (analyse.qdc, .qdc) and the archive's project export (publish.qdpx, .qdpx)
give each theme the same GUID and colour: a codebook imported into a project merges with it.
"""

from __future__ import annotations

import uuid

#: Fixed, so a theme keeps its GUID from one export to the next (uuid5 of this and "theme:ID").
GUID_NAMESPACE = uuid.UUID("5b0f6d0e-7c1a-4c8e-9a51-3f1d2e6a9c47")
#: Theme colours (QualCoder shows them), picked from the GUID so each theme keeps its own.
COLOURS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324", "#469990")


def colour(guid: uuid.UUID) -> str:
    """The colour of the code with this GUID."""
    return COLOURS[guid.int % len(COLOURS)]
