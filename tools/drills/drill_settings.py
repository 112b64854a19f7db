"""The production settings, with the static files collected into the drill's own directory
(DRILL_STATIC_ROOT) instead of the checkout's staticfiles/, which someone else may be using. Nothing
else differs: every other value comes from config.settings.production and the environment."""

from config.settings.production import *  # noqa: F403
from config.settings.production import env

STATIC_ROOT = env("DRILL_STATIC_ROOT")
