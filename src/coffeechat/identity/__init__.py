"""Identity: cleaning names (`names`), the keys records are matched on (`keys`: emails, profile URLs,
name and organisation keys), stable person ids (`ids`), column-wise helpers (`frames`), resolving
records into people with stated rules (`resolve`), and fuzzy duplicate candidates for review
(`dupes`). A wrong merge is worse than a missed one: only exact keys and strong evidence merge by
themselves."""
