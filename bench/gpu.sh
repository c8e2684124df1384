#!/usr/bin/env bash
# MiniGoogLeNet training images/s on this machine's GPU: float32 vs mixed precision vs XLA.
# Usage: bench/gpu.sh [--steps N] [--batch N] [--variants float32,mixed,...]
# Works without TensorFlow: KERAS_BACKEND defaults to jax here (torch works too). If Keras is
# missing, wheels dropped into bench/wheels/ (keras, namex, optree) are installed offline first.
set -euo pipefail
cd "$(dirname "$0")/.."
export KERAS_BACKEND="${KERAS_BACKEND:-jax}"
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import keras" 2>/dev/null; then
  if compgen -G "bench/wheels/*.whl" >/dev/null; then
    "$PYTHON" -m pip install -q --no-index --no-deps bench/wheels/*.whl
  else
    echo "bench/gpu.sh: Keras is not installed; pip install keras (or put its wheels in bench/wheels/)" >&2
    exit 2
  fi
fi
exec "$PYTHON" bench/gpu.py "$@"
