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

# Dependencies in their own layer, rebuilt only when pyproject.toml changes: the list is read
# from pyproject.toml and installed without building the project (no placeholder package, so
# no build/ or *.egg-info left behind for the next step to pick up).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --requirement /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The application itself (README.md: the package's long description), built from the sources
# just copied; the build's own artefacts are removed.
COPY README.md ./
COPY bot ./bot
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info \
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
