"""A municipality's international cooperation bot.

Data flows one way: Telegram update -> transport -> engine -> Answer -> render -> Telegram.
"""

__version__ = "0.1.0"
