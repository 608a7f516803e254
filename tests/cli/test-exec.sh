#!/bin/sh
# bnbench exec: one kernel on files, checked against an independent implementation
# of bnbench-formats(7) written in python, and precise errors for files of the wrong size.
. "$BNB_SRCDIR/tests/cli/tap.sh"
command -v python3 >/dev/null || skip_all "python3 not found"
cd "$TMP" || exit 1

# 2 rows x 256 columns of seeded floats, and 256 activations.
python3 - <<'PY'
import random, struct
random.seed(7)
w = [random.gauss(0, 1) for _ in range(2 * 256)]
w[5] = 0.0
x = [random.uniform(-2, 2) for _ in range(256)]
open("w.f32", "wb").write(struct.pack("<%df" % len(w), *w))
open("x.f32", "wb").write(struct.pack("<%df" % len(x), *x))
PY

"$BNBENCH" exec --backend scalar --op quantize --scheme i2s --input w.f32 --shape 2x256 --output w.i2s
ok $? "quantize runs"
"$BNBENCH" exec --backend scalar --op dequantize --scheme i2s --input w.i2s --shape 2x256 --output y.f32
ok $? "dequantize runs"
"$BNBENCH" exec --backend scalar --op gemv --scheme i2s --weights w.i2s --input x.f32 --shape 2x256 --output g.f32
ok $? "gemv runs"

# bnbench-formats(7): TERNARIZATION, I2S, OPERATIONS in float32 arithmetic (numpy-free:
# struct round trips to f32).
out=$(python3 - <<'PY'
import struct
f32 = lambda v: struct.unpack("<f", struct.pack("<f", v))[0]
w = list(struct.unpack("<512f", open("w.f32", "rb").read()))
x = list(struct.unpack("<256f", open("x.f32", "rb").read()))
alpha = max(f32(sum(abs(v) for v in w) / len(w)), f32(1e-5))
t = [max(-1, min(1, round(f32(v / alpha)))) for v in w]   # round() is half-to-even
c = [v + 1 for v in t]
buf = bytearray()
for b in range(len(c) // 128):
    blk = c[b * 128:(b + 1) * 128]
    buf += bytes(blk[p] << 6 | blk[p + 32] << 4 | blk[p + 64] << 2 | blk[p + 96] for p in range(32))
buf += struct.pack("<f", alpha) + bytes(28)
got = open("w.i2s", "rb").read()
print("quantize", "same" if got == bytes(buf) else "differs")
y = struct.unpack("<512f", open("y.f32", "rb").read())
print("dequantize", "same" if all(y[i] == f32(t[i] * alpha) for i in range(512)) else "differs")
amax = max(max(abs(v) for v in x), f32(1e-5))
sa = f32(127.0 / amax)
q = [max(-128, min(127, round(f32(v * sa)))) for v in x]
yy = [f32(f32(sum(t[r * 256 + k] * q[k] for k in range(256)) / sa) * alpha) for r in range(2)]
g = struct.unpack("<2f", open("g.f32", "rb").read())
print("gemv", "same" if list(g) == yy else "differs %r %r" % (g, yy))
PY
)
like "$out" "^quantize same$" "quantize matches an independent implementation byte for byte"
like "$out" "^dequantize same$" "dequantize matches"
like "$out" "^gemv same$" "gemv matches"

out=$("$BNBENCH" exec --backend scalar --op dequantize --scheme i2s --input w.f32 --shape 2x256 --output z 2>&1); rc=$?
is "$rc" 2 "wrong input size: exit 2"
is "$out" "bnbench: exec: input w.f32 is 2048 bytes, but the shape needs 160" "wrong input size: names both sizes"
ok "$([ ! -e z ]; echo $?)" "nothing written on error"
out=$("$BNBENCH" exec --backend scalar --op quantize --scheme i2s --input w.f32 --shape 4x100 --output z 2>&1)
is "$out" "bnbench: exec: input w.f32 is 2048 bytes, but the shape needs 1600" "shape and file disagree"
out=$("$BNBENCH" exec --backend scalar --op quantize --scheme i2s --input w.f32 --shape 8x64 --output z 2>&1)
is "$out" "bnbench: exec: K = 64 is not a positive multiple of 128 (scheme i2s)" "K not a multiple of 128"
out=$("$BNBENCH" exec --backend nope --op quantize --scheme i2s --input w.f32 --output z 2>&1)
is "$out" "bnbench: exec: no kernel quantize/i2s/nope (see 'bnbench list')" "unknown backend"
out=$("$BNBENCH" exec --backend scalar --op gemv --scheme i2s --input x.f32 --shape 2x256 --output z 2>&1)
is "$out" "bnbench: exec: --op gemv needs --weights FILE" "gemv without weights"
out=$("$BNBENCH" exec --backend scalar --op dequantize --scheme i2s --input w.i2s --output z 2>&1)
is "$out" "bnbench: exec: --op dequantize needs --shape MxK" "dequantize without a shape"
out=$("$BNBENCH" exec --backend scalar --op gemv --scheme i2s --weights w.i2s --input w.f32 --shape 2x256 --output z 2>&1)
is "$out" "bnbench: exec: input w.f32 is 2048 bytes, but the shape needs 1024" "gemv: the vector is K floats"
out=$("$BNBENCH" exec --backend scalar --op gemv --scheme i2s --weights x.f32 --input x.f32 --shape 2x256 --output z 2>&1)
is "$out" "bnbench: exec: weights x.f32 is 1024 bytes, but the shape needs 160" "gemv: weights of the wrong size"
"$BNBENCH" exec --backend scalar --op quantize --scheme i2s --input w.f32 --output w1.i2s
ok $? "quantize without a shape: one row of the file's floats"
out=$("$BNBENCH" exec --backend scalar --op requant --scheme i2s --input w.f32 --output z 2>&1); rc=$?
is "$rc" 2 "unknown op: exit 2"
is "$out" "bnbench: exec: unknown op 'requant' (quantize, dequantize or gemv)" "unknown op: the known ones"
# The kernel runs in a child: a crash fails exec with the reason, its prints go to stderr.
plugin_dir faulty t_faulty
out=$("$BNBENCH" --plugin-dir faulty exec --backend t_segv --op dequantize --scheme i2s --input w.i2s --shape 2x256 \
	--output seg.f32 2>&1); rc=$?
is "$rc/$out" "2/bnbench: exec: the kernel's process crashed: Segmentation fault (signal 11)" "a crashing kernel fails exec alone"
ok "$([ ! -e seg.f32 ]; echo $?)" "and writes no output"
out=$("$BNBENCH" --plugin-dir faulty exec --backend t_print --op dequantize --scheme i2s --input w.i2s --shape 2x256 \
	--output pr.f32 2>&1 >/dev/null)
like "$out" "^bnbench: warning: exec: plugin output: .*t_print was here" "what a kernel prints is shown on stderr, marked"
done_testing
