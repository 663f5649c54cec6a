"""The Flask glue shared by every feature: error handlers and problem+json answers, the
per-request unit of work, and the template filters that format numbers, money, dates and
local times. Features import from here; nothing here imports a feature."""
