#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a multi-record XYZ stand-in for screening benchmarks: N records cycling through the QM9
sample release files of a folder, ids m00000..., with one malformed record (a coordinate that is not
a number) at index N // 2 + 1.

usage: qm9-screen-standin.py SAMPLE_FOLDER OUT.xyz [N]   (N defaults to 10000)
"""
import pathlib
import sys


def read_release(path):
    lines = path.read_text(encoding="latin-1").splitlines()
    n = int(lines[0])
    atoms = []
    for line in lines[2:2 + n]:
        t = line.split()
        atoms.append((t[0], *(float(v.replace("*^", "e")) for v in t[1:4])))
    return atoms


def main():
    folder, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    molecules = [read_release(p) for p in sorted(folder.glob("*.xyz"))]
    bad = count // 2 + 1
    with out.open("w", encoding="utf-8") as f:
        for k in range(count):
            if k == bad:
                f.write("3\nbroken-%05d\nO 0.0 0.0 0.0\nH 0.0 zero 0.9\nH 0.9 0.0 0.0\n" % k)
                continue
            atoms = molecules[k % len(molecules)]
            f.write("%d\nm%05d\n" % (len(atoms), k))
            for s, x, y, z in atoms:
                f.write("%s %.10f %.10f %.10f\n" % (s, x, y, z))


if __name__ == "__main__":
    main()
