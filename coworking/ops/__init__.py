"""Operations: backups and restores (``flask backup`` / ``flask restore``) and logging."""
