"""The presentation layer's registration: Babel with the request's locale, and every
formatting function of ``coworking.i18n`` (numbers, money, shares, hours, dates, local times)
as a template filter and global, registered once for every page. Features register their own
labels the same way (``workspaces.labels``: the kinds of desk)."""

from __future__ import annotations

from flask_babel import gettext

from coworking import i18n
from coworking.extensions import babel, login_manager


def init_app(app) -> None:
    babel.init_app(app, locale_selector=i18n.select_locale, default_translation_directories="translations")
    login_manager.login_message = "Please log in to see this page."  # translated by the callback
    login_manager.localize_callback = gettext
    # Each formatter both ways: ``{{ value|decimal(1) }}`` and ``{{ decimal(value, 1) }}``.
    app.jinja_env.filters.update(i18n.FORMATTERS)
    app.jinja_env.globals.update(i18n.FORMATTERS)

    @app.context_processor
    def _languages():
        return {"LANGUAGE_NAMES": i18n.LANGUAGE_NAMES, "current_language": i18n.current_language()}
