"""Demo data for `make run` and trying the app out."""

from coworking.demo.cli import seed_demo_command

__all__ = ["seed_demo_command"]
