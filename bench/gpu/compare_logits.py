#!/usr/bin/env python3
"""usage: compare_logits.py EXPECTED.safetensors ACTUAL.safetensors [TOLERANCE]: max |difference| of 'logits', exit 1 above it."""
import json, struct, sys


def read_f32(path, name):
    import array
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        entry = header[name]
        assert entry["dtype"] == "F32", f"{path}: {name} is {entry['dtype']}"
        f.seek(8 + size + entry["data_offsets"][0])
        values = array.array("f")
        values.frombytes(f.read(entry["data_offsets"][1] - entry["data_offsets"][0]))
        return entry["shape"], values


expected_shape, expected = read_f32(sys.argv[1], "logits")
actual_shape, actual = read_f32(sys.argv[2], "logits")
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3
assert expected_shape == actual_shape, f"shapes differ: {expected_shape} vs {actual_shape}"
worst = max(abs(a - b) for a, b in zip(expected, actual))
print(f"max |logits difference| {worst:.2e} (tolerance {tolerance:g}): {'ok' if worst <= tolerance else 'FAIL'}")
sys.exit(0 if worst <= tolerance else 1)
