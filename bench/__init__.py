"""Performance and scale benchmark: `python -m bench` (full) or `python -m bench --quick` (CI smoke, < 3 min).

Every timing is a median over repeated runs, reported as a ratio against a floor measured in the same run:
a one-chart Streamlit app (bench/floor_app.py) served the same way, or for server-side costs the floor
app's own figure build. Results: bench/results/latest.json and latest.md.
"""
