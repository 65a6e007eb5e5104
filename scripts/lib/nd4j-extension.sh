#!/usr/bin/env bash
# Prints the nd4j-native build suffix this processor can run, for
# -Dorg.bytedeco.javacpp.platform.extension=SUFFIX (launcher, kernel.json, Maven's test JVMs).
#
# JavaCPP loads the first nd4j-native build present on the class path in its own order and does not check
# the processor: with the onednn-avx512 jar present, a CPU without AVX-512 dies with SIGILL while loading.
# So: "-onednn-avx512" where the CPU has avx512f, "-onednn-avx2" where it has avx2 (oneDNN convolutions:
# the small CNN's step 1.6x faster than the plain build), "" (the plain OpenBLAS build, any x86-64) elsewhere.
# SEMISUP4J_ND4J_EXTENSION overrides the choice (e.g. "" to check the plain build on an AVX-512 machine).
set -euo pipefail
if [[ -n "${SEMISUP4J_ND4J_EXTENSION+set}" ]]; then
    printf '%s\n' "$SEMISUP4J_ND4J_EXTENSION"
elif grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    echo "-onednn-avx512"
elif grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
    echo "-onednn-avx2"
else
    echo ""
fi
