"""The store: the only place with SQL. The SQLite database with its migrations (`database`) and the
outreach history, whose fold is the current outreach state (`history`)."""
