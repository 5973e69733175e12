#!/usr/bin/env python3
"""Mark a symbol-version requirement WEAK in ELF shared libraries, in place.

TorchSharp's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) only for
std::ios_base_library_init(), which older libstdc++ (Debian 12: 3.4.30) does not need.
With VER_FLG_WEAK on that Vernaux entry the dynamic loader accepts the missing version.
Idempotent; does nothing when the system libstdc++ already has the version.
"""
import argparse
import os
import struct
import sys
import tempfile

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def read_cstr(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def weaken(data, version, needed_file):
    """Returns (changed, found) after setting VER_FLG_WEAK on matching Vernaux entries of data."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for i in range(shnum):
        base = shoff + i * shentsize
        sh_type = struct.unpack_from("<I", data, base + 4)[0]
        sh_offset, sh_size = struct.unpack_from("<QQ", data, base + 0x18)
        sh_link, sh_info = struct.unpack_from("<II", data, base + 0x28)
        sections.append((sh_type, sh_offset, sh_size, sh_link, sh_info))
    changed = found = False
    for sh_type, sh_offset, _size, sh_link, sh_info in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = sections[sh_link][1]
        need = sh_offset
        for _ in range(sh_info):
            _ver, cnt, file_name, aux, nxt = struct.unpack_from("<HHIII", data, need)
            if read_cstr(data, strtab + file_name) == needed_file:
                entry = need + aux
                for _ in range(cnt):
                    _hash, flags, _other, name, aux_next = struct.unpack_from("<IHHII", data, entry)
                    if read_cstr(data, strtab + name) == version:
                        found = True
                        if not flags & VER_FLG_WEAK:
                            struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                            changed = True
                    entry += aux_next
                    if aux_next == 0:
                        break
            if nxt == 0:
                break
            need += nxt
    return changed, found


def patch_file(path, version, needed_file):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    changed, found = weaken(data, version, needed_file)
    if not found:
        return f"{path}: no requirement on {version}, left as is"
    if not changed:
        return f"{path}: {version} already weak"
    stat = os.stat(path)
    # Write a new file and rename it: never modifies a hard-linked copy in the NuGet cache.
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".weaken-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, stat.st_mode)
    # Keep the original timestamp so incremental copies do not see a changed file.
    os.utime(tmp, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(tmp, path)
    return f"{path}: marked {version} weak"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="GLIBCXX_3.4.32")
    parser.add_argument("--needed-file", default="libstdc++.so.6")
    parser.add_argument("--system-lib", default="/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
                        help="patch only when this library lacks the version (skip check with '')")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.system_lib and os.path.exists(args.system_lib):
        with open(args.system_lib, "rb") as f:
            if args.version.encode("ascii") + b"\0" in f.read():
                print(f"{args.system_lib} has {args.version}: nothing to patch")
                return 0
    for path in args.files:
        if os.path.exists(path):
            print(patch_file(path, args.version, args.needed_file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
