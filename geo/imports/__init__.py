"""Importers that turn one open dataset's extract into one gazetteer layer, `data/gazetteer/imported/<dataset>.csv`.

Each importer reads only its own extract in `data/gazetteer/sources/<dataset>/` (the rows and columns needed,
kept in the repository with the dataset's licence), so a rerun needs no network and writes a byte-identical
file. Run one as `python -m geo.imports.<dataset>`.
"""
