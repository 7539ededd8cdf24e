"""Every word list the toolkit uses, in one place: reporting verbs, hedges, source descriptors,
causal and disagreement cues, vague quantities.

General English and newsroom vocabulary only; nothing here names a story, person or place.
Sections are owned by the stage that reads them (attribution, time, relations, ingest).
"""
from __future__ import annotations

# --- attribution (claims/attribute.py) -------------------------------------------------------

# --- time scope (claims/timescope.py) --------------------------------------------------------

# --- relations (claims/detectors.py) ---------------------------------------------------------

# --- ingest boilerplate (claims/clean.py) ----------------------------------------------------
