"""Run directories: their file names, writing and reading them, comparing runs and summarising sweeps.

``files`` names each file of a run directory once; ``rundir`` writes a run's folder, ``reading``
reads one back (``RunInfo``); ``compare``, ``sweep`` and ``report_table`` turn runs into tables and
plots. Plain files, rich and matplotlib only: no Keras, no Textual, no command line.
"""
