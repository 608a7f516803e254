#!/bin/sh
# Without AVX512-VBMI the tl gemv kernels take their vpshufb lookups, which a
# CPU with VBMI never runs otherwise.
feature=avx512vbmi
. "$BNB_SRCDIR/tests/unit/kernels-without.sh"
