#!/usr/bin/env bash
# `npm run train:release`: the shipped weights (media/model/model.safetensors), from one command.
# Needs .train/old/ (the first release: docs/model-card.md, "Reproduce") and runs two stages of
# train.sh, each ending with export, evaluation and the card's tables:
#  1. warm start from the first release (another vocabulary), lengths 32-512 log-uniform;
#  2. from stage 1's weights (same vocabulary: the identity map), with half the batches of full
#     length at position 0, where the far positions of a 512-token selection are learnt.
# Both stages stop only at --steps, so the weights do not depend on the machine's speed.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .train/run .train/run-2
bash scripts/train/train.sh --steps 3353 --init-from .train/old/model.safetensors --vocab-map .train/old/vocab-map.json \
  --warmup 200 --lr-factor 0.1 --max-minutes 999
node .train/bin/vocab-map.js media/model/tokenizer.json > .train/identity-map.json
RUN=.train/run-2 bash scripts/train/train.sh --steps "${STAGE2_STEPS:-3912}" --init-from media/model/model.safetensors \
  --vocab-map .train/identity-map.json --full-share 0.5 --warmup 200 --lr-factor 0.1 --max-minutes 999
