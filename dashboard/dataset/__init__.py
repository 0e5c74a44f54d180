"""The dataset: YAML reading, file discovery, validation rules, date and window resolution, compliance rules, the loader. Imports codebook and conventions."""
