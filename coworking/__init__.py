"""coworking: desk booking for a cooperative's shared workspaces. ``create_app`` (in
``coworking.app``, the composition root) builds the Flask app."""

from coworking.app import create_app

__all__ = ["create_app"]
