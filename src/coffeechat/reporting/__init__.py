"""Reporting: aggregates for the charts (insights), the charts themselves, the HTML report."""
