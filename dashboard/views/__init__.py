"""Page-ready text and tables built from frames and charts (no Streamlit): the comparison view, search results."""
