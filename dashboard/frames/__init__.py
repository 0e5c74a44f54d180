"""Frames: pandas tables built from the resolved dataset, filters, search, claims and roll-ups over them. Imports dataset, codebook, conventions."""
