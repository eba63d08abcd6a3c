#!/usr/bin/env bash
# `npm run train`: corpus -> token ids (the shipped TypeScript tokenizer) -> PyTorch training on CPU
# -> media/model/model.safetensors -> evidence (docs/model-*.png, .train/eval.json,
# test/fixtures/shipped-model-sample.json). Arguments go to train.py (e.g. --steps 4000).
# Training resumes from .train/run/checkpoint.pt when it exists: `rm -rf .train/run` for a fresh run.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3 # Debian's interpreter: the one with python3-torch
npx esbuild scripts/train/prepare.ts scripts/train/tokenize-cli.ts --bundle --platform=node --outdir=.train/bin --log-level=warning
node .train/bin/prepare.js
OPENBLAS_NUM_THREADS=2 nice "$PY" scripts/train/train.py "$@"
"$PY" scripts/train/export.py
OPENBLAS_NUM_THREADS=2 "$PY" scripts/train/evaluate.py
