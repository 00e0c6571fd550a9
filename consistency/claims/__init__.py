"""Stage 3 of the pipeline: quantities become claims the rules can compare."""
