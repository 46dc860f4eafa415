# Rēzekne twinning bot. Build: docker build -t rezekne-twinning-bot .
# Run:   docker run --env-file bot.env -v ./knowledge:/app/knowledge -v ./config:/app/config \
#          -v bot-data:/app/data rezekne-twinning-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_DATA_DIR=/app/data

WORKDIR /app

# Dependencies in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir bot && touch bot/__init__.py \
    && pip install . \
    && pip uninstall --yes rezekne-twinning-bot \
    && rm -rf bot

# The application itself.
COPY bot ./bot
RUN pip install --no-deps . \
    && groupadd --gid 10001 bot \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin bot \
    && mkdir -p /app/data \
    && chown 10001:10001 /app/data

# Staff edit the knowledge base and settings without a rebuild: mount them over these.
# The bot may write the knowledge files (staff upload them from Telegram), not the settings.
COPY --chown=10001:10001 knowledge ./knowledge
COPY config ./config
VOLUME ["/app/knowledge", "/app/config", "/app/data"]

USER 10001:10001

# The running bot touches a heartbeat file in the data directory; a stale one means trouble.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["twinning-bot", "health"]

CMD ["twinning-bot", "run"]
