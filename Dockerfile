# thiduabot: the bot as one process (Telegram and/or Zalo, reminders, /healthz, /metrics).
# Build: docker build -t thiduabot .     Run with PostgreSQL: docker compose up -d --build
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    THIDUABOT_HTTP_PORT=8080 \
    THIDUABOT_LOG_FORMAT=json

WORKDIR /app
# The locked dependencies first: this layer is rebuilt only when the lock changes.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The source (alembic/ holds the migrations the bot applies on start), installed in place.
COPY pyproject.toml README.md alembic.ini ./
COPY alembic ./alembic
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY scheduler ./scheduler
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --home-dir /data --create-home thiduabot

USER thiduabot
WORKDIR /data
EXPOSE 8080 8443 8444
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['THIDUABOT_HTTP_PORT'] + '/healthz', timeout=4)"]
ENTRYPOINT ["thiduabot"]
CMD ["run"]
