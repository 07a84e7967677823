"""Zalo Bot API: our aiohttp client, polling or webhook, updates in, replies and scheduled
messages out."""
