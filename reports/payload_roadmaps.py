"""The roadmap progress report: its snapshot and spec (registered with reports.payloads)."""
