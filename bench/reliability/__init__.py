"""Load and fault scripts for issue 7 (docs/reliability.md). Run with the venv's python:

.venv/bin/python -m bench.reliability.load --db sqlite
.venv/bin/python -m bench.reliability.faults --db postgresql
"""
