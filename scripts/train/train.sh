#!/usr/bin/env bash
# `npm run train`: corpus -> token ids (the shipped TypeScript tokenizer) -> PyTorch training (CPU
# with OpenBLAS, or CUDA when present) -> media/model/model.safetensors -> evidence (docs/model-*.png,
# .train/eval.json, .train/card-tables.md, test/fixtures/shipped-model-*.json). Arguments go to
# train.py (e.g. --steps 4000 --max-minutes 120). RUN names the run's folder (default .train/run).
# Training resumes from $RUN/checkpoint.pt when it exists: `rm -rf .train/run` for a fresh run.
# The released weights come from scripts/train/release.sh, which runs this script twice.
# When .train/old/ holds the first release (model.safetensors, tokenizer.json; docs/model-card.md
# says how to get them from git), it is measured beside the new model, and its vocabulary map is
# written for a warm start (--init-from .train/old/model.safetensors --vocab-map .train/old/vocab-map.json).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3 # Debian's interpreter: the one with python3-torch
export RUN=${RUN:-.train/run} # evaluate.py and card_tables.py read its log.csv
npx esbuild scripts/train/prepare.ts scripts/train/tokenize-cli.ts scripts/train/vocab-map.ts --bundle --platform=node --outdir=.train/bin --log-level=warning
node .train/bin/prepare.js
if [[ -f .train/old/tokenizer.json ]]; then node .train/bin/vocab-map.js .train/old/tokenizer.json > .train/old/vocab-map.json; fi
OPENBLAS_NUM_THREADS=2 nice "$PY" scripts/train/train.py --out "$RUN" "$@"
"$PY" scripts/train/export.py --checkpoint "$RUN/checkpoint.pt"
COMPARE=()
if [[ -f .train/old/model.safetensors ]]; then
  node .train/bin/prepare.js --tokenizer .train/old/tokenizer.json --out .train/old/data --splits test
  COMPARE=(--compare .train/old/model.safetensors --compare-data .train/old/data)
fi
OPENBLAS_NUM_THREADS=2 "$PY" scripts/train/evaluate.py "${COMPARE[@]}"
"$PY" scripts/train/card_tables.py > .train/card-tables.md
