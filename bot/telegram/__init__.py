"""Telegram: python-telegram-bot polling or our aiohttp webhook, updates in, replies and
scheduled messages out."""
