"""The codebook: pydantic models by record kind, and what is generated from them (codebook table, desk forms). Imports only conventions."""
