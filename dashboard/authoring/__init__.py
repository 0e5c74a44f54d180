"""Coding a new article: add-source, candidates, coverage, the desk's write path, comment-preserving YAML edits. Writes the YAML; reads the dataset layer only."""
