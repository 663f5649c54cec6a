"""The audit trail: an append-only record of who created, cancelled or changed what."""
