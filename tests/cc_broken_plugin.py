"""A plugin module that fails while importing, as a plugin with a bug would."""

raise RuntimeError("this plugin cannot start without its configuration")
