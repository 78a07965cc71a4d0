"""Reading, checking and collapsing record-level returns (docs/data-standard.md).

The pipeline (returns/ingest/pipeline.py) is the one entry point for the web upload, the
background task and the API: bytes in, an IngestResult out, nothing stored until the
caller stores an accepted result. See docs/adr/0001-counts-not-people.md.
"""
