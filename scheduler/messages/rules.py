"""Messages of the rules area: ``{key: (zh, en)}``. See ``scheduler.messages``."""

MESSAGES: dict[str, tuple[str, str]] = {}
