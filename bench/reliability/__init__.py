"""Load and fault scripts (docs/reliability.md). Run with the venv's python:

.venv/bin/python -m bench.reliability.load --db sqlite
.venv/bin/python -m bench.reliability.faults --db postgresql
"""
