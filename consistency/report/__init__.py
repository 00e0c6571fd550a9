"""Stage 5 of the pipeline: render extractions and findings for people and tools."""
