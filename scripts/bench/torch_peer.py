"""PyTorch on the CPU as a peer of the benchmark suite's `peers` step (scripts/bench/peers.ts).

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 scripts/bench/torch_peer.py INPUTS.json OUT_DIR

INPUTS.json: {"lengths": [{"n": 128, "src": [...], "tgt": [...], "warm": 3, "reps": 11}, ...]}. For each
length: `warm` untimed calls, then `reps` timed calls of peer_model.AttentionMaps (eager,
torch.inference_mode, one thread: the
process is started with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1, and calls torch.set_num_threads(1)),
timed with time.perf_counter (wall) and time.process_time (CPU) around the call. Writes the attention maps of the last call to
OUT_DIR/torch-n<n>.f32 (float32, little-endian, encoder self, decoder self, cross, layer by layer, each
[h, n, n]) and prints one JSON line.
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from peer_model import AttentionMaps, shipped_model  # noqa: E402


def main():
    inputs_path, out_dir = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    model, cfg = shipped_model()
    wrapper = AttentionMaps(model).eval()
    rows = []
    for length in json.load(open(inputs_path))['lengths']:
        n, warm, reps = length['n'], length['warm'], length['reps']
        src = torch.tensor([length['src']], dtype=torch.int64)
        tgt = torch.tensor([length['tgt']], dtype=torch.int64)
        times, cpu = [], []
        with torch.inference_mode():
            for i in range(warm + reps):
                t0, c0 = time.perf_counter(), time.process_time()
                out = wrapper(src, tgt)
                dt, dc = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
                if i >= warm:
                    times.append(dt)
                    cpu.append(dc)
        maps = np.concatenate([t[0].numpy().astype('<f4').ravel() for t in out[:3 * cfg['N']]])
        maps.tofile(os.path.join(out_dir, f'torch-n{n}.f32'))
        rows.append({'n': n, 'ms': times, 'cpuMs': cpu})
    # Debian's torch is built with BLAS_INFO=generic: libblas.so.3, which the alternatives system points at a BLAS.
    blas = {'build': re.search(r'BLAS_INFO=(\w+)', torch.__config__.show()).group(1), 'libblas.so.3': os.path.realpath('/usr/lib/x86_64-linux-gnu/libblas.so.3')}
    print(json.dumps({
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'interopThreads': torch.get_num_interop_threads(),
        'env': {k: os.environ.get(k) for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS')}, 'blas': blas, 'rows': rows,
    }))


if __name__ == '__main__':
    main()
