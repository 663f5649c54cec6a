"""What a kind of desk is called, in the page's language: one label per code of
``rules.DESK_KINDS``, for pages, exports and mails alike (the template filter ``kind_label``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "hot_desk": _l("hot desk"),
    "fixed_desk": _l("fixed desk"),
    "meeting_room": _l("meeting room"),
    "phone_booth": _l("phone booth"),
}


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind
