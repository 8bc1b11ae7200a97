"""Bulk imports of public gazetteers into `data/gazetteer/imported/` (see data/gazetteer/README.md)."""
