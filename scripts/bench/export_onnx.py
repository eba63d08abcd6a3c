"""Exports the shipped model to ONNX for the benchmark suite's `peers` step (onnxruntime-web on wasm).

    /usr/bin/python3 scripts/bench/export_onnx.py [--n 128,512] [--out-dir .cache/bench/peers]

One graph per length n, static shapes (src and tgt int64 [1, n]), from media/model/model.safetensors
read back by the training tools: the work of peer_model.AttentionMaps (ids to every attention map and
the decoder's output; no generator). A build artifact under .cache/ (git-ignored, not in the .vsix):
never commit or ship it. Prints one JSON line: the files written.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from peer_model import REPO, AttentionMaps, output_names, shipped_model  # noqa: E402

OPSET = 17  # the newest torch 1.13 writes; has LayerNormalization


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', default='128,512')
    ap.add_argument('--out-dir', default=os.path.join(REPO, '.cache', 'bench', 'peers'))
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    model, cfg = shipped_model()
    wrapper = AttentionMaps(model).eval()
    written = {}
    for n in [int(x) for x in args.n.split(',')]:
        ids = torch.arange(4, 4 + n, dtype=torch.int64)[None, :]
        out = os.path.join(args.out_dir, f'shipped-n{n}.onnx')
        with torch.no_grad():
            torch.onnx.export(wrapper, (ids, ids), out, input_names=['src', 'tgt'], output_names=output_names(cfg),
                              opset_version=OPSET, do_constant_folding=True)
        written[n] = os.path.relpath(out, REPO)
    print(json.dumps({'opset': OPSET, 'torch': torch.__version__, 'files': written}))


if __name__ == '__main__':
    main()
