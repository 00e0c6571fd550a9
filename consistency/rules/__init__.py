"""Stage 4 of the pipeline: YAML rules compare claims and produce findings."""
