"""The presentation layer's registration: Babel with the request's locale, and every
formatting function of ``coworking.i18n`` as a template filter, registered once."""

from __future__ import annotations

from flask_babel import gettext

from coworking import i18n
from coworking.extensions import babel, login_manager


def init_app(app) -> None:
    babel.init_app(app, locale_selector=i18n.select_locale, default_translation_directories="translations")
    login_manager.login_message = "Please log in to see this page."  # translated by the callback
    login_manager.localize_callback = gettext
    app.jinja_env.filters.update(
        local_datetime=i18n.local_datetime,
        local_time=i18n.local_time,
        local_date=i18n.local_date,
        zone_label=i18n.zone_label,
        country_name=i18n.country_name,
        number=i18n.number,
        money=i18n.money,
    )

    @app.context_processor
    def _languages():
        return {"LANGUAGE_NAMES": i18n.LANGUAGE_NAMES, "current_language": i18n.current_language()}
