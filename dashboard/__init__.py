"""Ceasefire Monitor: a source-verified dataset and dashboard over news articles on the 2025 Gaza ceasefire."""
