"""Frame sources for pages and commands: the frames in memory (pandas) or DuckDB over their Parquet snapshot, the cache and its narrow tables."""
