"""Messages of the model area: ``{key: (zh, en)}``. See ``scheduler.messages``."""

MESSAGES: dict[str, tuple[str, str]] = {}
