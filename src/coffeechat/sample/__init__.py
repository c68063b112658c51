"""The synthetic sample: a deterministic generator (`generator`) and its fictional world (`world`).
`python -m coffeechat.sample data/sample` writes it."""
