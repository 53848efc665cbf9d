"""The GenAIOps report: decision logs in, one self-contained HTML page out.

Layered bottom-up, each module importing only those above it in this list:
`histograms` (latency and score bins), `aggregate` (reading logs into an `Aggregator`, in parallel
for large files), `drift` (periods and the PSI between them), `charts` (SVG charts, tables and
formats; knows nothing of logs), `render` (the page's sections and `render_html`).
"""
