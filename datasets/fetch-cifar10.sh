#!/usr/bin/env bash
# Downloads the CIFAR-10 binary version (162 MB), checks its MD5 and unpacks the six .bin batches.
# Needs internet; never run by tests.
# Usage: bash datasets/fetch-cifar10.sh [DIR]   (default: $SEMISUP4J_DATA/cifar10 or ~/.semisup4j/data/cifar10)
set -euo pipefail
dir="${1:-${SEMISUP4J_DATA:-$HOME/.semisup4j/data}/cifar10}"
archive="cifar-10-binary.tar.gz"
mkdir -p "$dir"
cd "$dir"
if [ ! -f "$archive" ]; then
  curl -fL --retry 3 -o "$archive.part" "https://www.cs.toronto.edu/~kriz/$archive"
  mv "$archive.part" "$archive"
fi
echo "c32a1d4ab5d03f1284b67883e8d87530  $archive" | md5sum -c -
# Extract only the expected members, flat into DIR.
tar -xzf "$archive" --strip-components=1 \
  cifar-10-batches-bin/data_batch_{1,2,3,4,5}.bin cifar-10-batches-bin/test_batch.bin cifar-10-batches-bin/batches.meta.txt
echo "CIFAR-10 is in $dir (you may delete $archive)"
