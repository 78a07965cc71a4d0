"""Reading, checking and collapsing record-level returns (issue items 1–4 and 9).

The pipeline (returns/ingest/pipeline.py) is the one entry point for the web upload, the
background task and the API: bytes in, an IngestResult out, nothing stored until the
caller stores an accepted result. See DESIGN.md "counts, not people".
"""
