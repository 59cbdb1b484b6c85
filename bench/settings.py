"""The settings `make bench` serves with: production's, and the development app for the ceiling.

The bench measures the production stack, so nothing here relaxes a setting. It only adds
safespace.dev, whose `/bench/ok` every page is compared with; a live installation runs on
safespace.settings, which never installs that app.
"""

from safespace.settings import *  # noqa: F403 (every production setting, unchanged)
from safespace.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "safespace.dev"]
