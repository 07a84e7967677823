"""Local fake chat-platform servers (Telegram Bot API, Zalo Bot API) for tests and benchmarks."""
