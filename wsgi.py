import gc

from coworking import create_app

app = create_app()
# What building the app allocated lives as long as the process: move it out of the garbage
# collector's generations so full collections stop rescanning it (they showed as 120–145 ms
# pauses on long report requests; see docs/benchmarks.md).
gc.freeze()
