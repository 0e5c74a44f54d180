"""Conventions shared by every layer: dates at their precision, colours and labels, text shown as text, text folding. Imports nothing else of the package."""
