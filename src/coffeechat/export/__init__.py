"""Exporters: the outreach workbook, charts and graph files. Only these (with sources/ and the store)
write files."""
