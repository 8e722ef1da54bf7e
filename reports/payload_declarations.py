"""The declaration report: its snapshot and spec (registered with reports.payloads)."""
