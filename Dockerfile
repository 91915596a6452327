# Image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN apt-get update && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv==0.13.9 \
    && useradd --system --create-home --uid 1000 zorgwekkend \
    && mkdir -p /var/lib/zorgwekkend/private && chown zorgwekkend /var/lib/zorgwekkend/private
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=image-build-only DJANGO_ALLOWED_HOSTS=build \
    sh -c "python manage.py compilemessages -v0 && python manage.py collectstatic --no-input -v0"
USER zorgwekkend
EXPOSE 8000
CMD ["gunicorn", "zorgwekkend.wsgi:application", "--bind", "0.0.0.0:8000"]
