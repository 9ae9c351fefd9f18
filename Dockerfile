# China–Central Asia Cooperation Monitor: the Streamlit app served by server.py (Streamlit's
# ASGI app, st.App), with Debian's Chromium and CJK fonts for the PNG and PowerPoint exports
# (kaleido). Build and deployment: deploy/README.md. Checked by tests/unit/test_deploy.py.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    BROWSER_PATH=/usr/bin/chromium \
    HOME=/home/app

# DL3008: chromium gets bookworm security updates that replace its version; a pin would break the build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --no-log-init --create-home --home-dir /home/app --uid 10001 --user-group --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The code and data/ stay owned by root: the app only reads them.
COPY . .

USER 10001:10001
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4); sys.exit(0 if r.read() == b'ok' else 1)"]

CMD ["python", "-m", "streamlit", "run", "server.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
