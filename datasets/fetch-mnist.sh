#!/usr/bin/env bash
# Downloads MNIST (11 MB) and checks the published MD5 sums. Needs internet; never run by tests.
# Usage: bash datasets/fetch-mnist.sh [DIR]   (default: $SEMISUP4J_DATA/mnist or ~/.semisup4j/data/mnist)
# MNIST_MIRROR overrides the download location (the original site is often unavailable).
set -euo pipefail
dir="${1:-${SEMISUP4J_DATA:-$HOME/.semisup4j/data}/mnist}"
base="${MNIST_MIRROR:-https://ossci-datasets.s3.amazonaws.com/mnist}"
mkdir -p "$dir"
cd "$dir"
fetch() {
  local sum="$1" file="$2"
  if [ ! -f "$file" ]; then
    curl -fL --retry 3 -o "$file.part" "$base/$file"
    mv "$file.part" "$file"
  fi
  echo "$sum  $file" | md5sum -c -
}
fetch f68b3c2dcbeaaa9fbdd348bbdeb94873 train-images-idx3-ubyte.gz
fetch d53e105ee54ea40749a09fcbcd1e9432 train-labels-idx1-ubyte.gz
fetch 9fb629c4189551a2d022fa330f9573f3 t10k-images-idx3-ubyte.gz
fetch ec29112dd5afa0611ce80d1b7f02629c t10k-labels-idx1-ubyte.gz
echo "MNIST is in $dir"
