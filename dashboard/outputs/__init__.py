"""What leaves the tool as files: JSON/CSV export, chart images, the briefing pack, diffs between dataset versions."""
