"""A minimal safetensors writer and reader (struct + json + numpy), so the export needs no extra
package. Layout: 8-byte little-endian header length, JSON header (padded with spaces to a multiple
of 8), then the tensors' bytes back to back in header order."""
import json
import struct

import numpy as np

# Little-endian, as safetensors requires. float32 -> float16 rounds to nearest, ties to even.
DTYPES = {'F32': '<f4', 'F16': '<f2'}


def write_safetensors(path: str, tensors: dict, metadata: dict, dtype: str = 'F16') -> int:
    """Writes `tensors` (name -> float array, in the given order) as `dtype`; returns the file size."""
    header, blobs, offset = {'__metadata__': {k: str(v) for k, v in metadata.items()}}, [], 0
    for name, value in tensors.items():
        data = np.ascontiguousarray(np.asarray(value, dtype=np.float32).astype(DTYPES[dtype]))
        raw = data.tobytes()
        header[name] = {'dtype': dtype, 'shape': list(data.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)
    return 8 + len(text) + offset


def read_safetensors(path: str):
    """(tensors as float32 numpy arrays, metadata)."""
    with open(path, 'rb') as f:
        blob = f.read()
    (n,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + n])
    metadata = header.pop('__metadata__', {})
    base, tensors = 8 + n, {}
    for name, info in header.items():
        start, end = info['data_offsets']
        arr = np.frombuffer(blob[base + start: base + end], dtype=DTYPES[info['dtype']])
        tensors[name] = arr.reshape(info['shape']).astype(np.float32)
    return tensors, metadata
