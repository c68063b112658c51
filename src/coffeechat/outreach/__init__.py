"""Outreach: the plan (LAMP, 3B7, business days), message drafts, tracking what each writer changes,
and the workbook both ways (written for the user, read back into the history)."""
