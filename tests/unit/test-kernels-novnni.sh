#!/bin/sh
# Without AVX512-VNNI the tl gemv kernels take their table lookups (vpermb)
# instead of the decoding vpdpbusd kernel of plugins/avx512/tl-dot.h, which a
# CPU with VNNI never leaves otherwise.
feature=avx512vnni
. "$BNB_SRCDIR/tests/unit/kernels-without.sh"
