"""The GenAIOps report: decision logs in, one self-contained HTML page out."""
