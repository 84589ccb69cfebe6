#!/usr/bin/env bash
# npm start: set-up, build, and serve the course on http://127.0.0.1:$PORT (default 5173).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
PORT=${PORT:-5173}
printf '\n==> Serving Long Memory Lab at http://127.0.0.1:%s/  (Ctrl-C to stop)\n' "$PORT"
exec npx vite preview --host 127.0.0.1 --port "$PORT" --strictPort
