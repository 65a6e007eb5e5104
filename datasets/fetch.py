#!/usr/bin/env python3
"""Downloads a dataset into the user data folder and checks every file against its published MD5.

    ./semisup4j fetch NAME [--extra]          (or: python3 datasets/fetch.py NAME ...)
    NAME: fashion-mnist | mnist | cifar10 | svhn | all

Where files go (the loaders read the same place, see org.semisup4j.data.DataFolder):
SEMISUP4J_<SET> (e.g. SEMISUP4J_CIFAR10) if set, else $SEMISUP4J_DATA/<set>, else
${XDG_CACHE_HOME:-~/.cache}/semisup4j/<set>. A file already there with the right checksum is kept; a
download is written to FILE.part and moved into place only once its checksum matched, so a failed or
interrupted fetch leaves the files fetched before it intact. Sources and checksums: datasets/sources.json.

Options: --extra (SVHN's 531 131 extra images, 1.3 GB); --mirror URL (download every file from URL/FILE
instead, e.g. a local copy); --manifest FILE (another sources.json). Needs only Python's standard library.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def data_folder(name, env=os.environ):
    """The folder of one set; org.semisup4j.data.DataFolder follows the same rules."""
    override = env.get("SEMISUP4J_" + name.upper().replace("-", "_"), "").strip()
    if override:
        return Path(override).expanduser()
    root = env.get("SEMISUP4J_DATA", "").strip()
    if not root:
        cache = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
        root = str(Path(cache) / "semisup4j")
    return Path(root).expanduser() / name


def md5(path):
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class FetchError(Exception):
    pass


def download(url, target, expected):
    """Downloads url to target.part, checks its MD5 and only then moves it to target."""
    part = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(part, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            for block in iter(lambda: response.read(1 << 20), b""):
                out.write(block)
                done += len(block)
                if total and sys.stderr.isatty():
                    print(f"\r  {target.name}: {done * 100 // total}%", end="", file=sys.stderr)
        if total and sys.stderr.isatty():
            print(file=sys.stderr)
    except (urllib.error.URLError, OSError) as e:
        part.unlink(missing_ok=True)
        raise FetchError(f"{target.name}: cannot download {url}: {e}") from e
    got = md5(part)
    if got != expected:
        part.unlink(missing_ok=True)
        raise FetchError(f"{target.name}: MD5 of the download from {url} is {got}, expected {expected} "
                         f"(a broken mirror or a changed file); nothing was replaced")
    os.replace(part, target)


def fetch(name, source, folder, mirror=None, extra=False):
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(source["files"])
    if extra:
        files.update(source.get("extra", {}))
    base = mirror or source["base"]
    for file, expected in files.items():
        target = folder / file
        if target.is_file() and md5(target) == expected:
            print(f"{name}: {file} already there, checksum ok")
            continue
        if target.is_file():
            print(f"{name}: {file} has the wrong checksum, downloading it again")
        print(f"{name}: downloading {base.rstrip('/')}/{file}")
        download(base.rstrip("/") + "/" + file, target, expected)
        print(f"{name}: {file} checksum ok")
    extract = source.get("extract")
    if extract:
        with tarfile.open(folder / extract["archive"]) as archive:
            for member in extract["members"]:
                entry = archive.getmember(extract["folder"] + "/" + member)
                if not entry.isfile():
                    raise FetchError(f"{extract['archive']}: {entry.name} is not a regular file")
                with archive.extractfile(entry) as src, open(folder / (member + ".part"), "wb") as out:
                    shutil.copyfileobj(src, out)
                os.replace(folder / (member + ".part"), folder / member)
        print(f"{name}: extracted {len(extract['members'])} files from {extract['archive']} (the archive may be deleted)")
    print(f"{name} is in {folder}")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="fashion-mnist, mnist, cifar10, svhn or all")
    parser.add_argument("--extra", action="store_true", help="SVHN: also the 531 131 extra images (1.3 GB)")
    parser.add_argument("--mirror", help="download every file from MIRROR/FILE instead")
    parser.add_argument("--manifest", type=Path, default=HERE / "sources.json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        sources = {k: v for k, v in json.loads(args.manifest.read_text(encoding="utf-8")).items()
                   if not k.startswith("_")}
    except (OSError, ValueError) as e:
        print(f"fetch: cannot read {args.manifest}: {e}", file=sys.stderr)
        return 2
    names = list(sources) if args.name == "all" else [args.name]
    unknown = [n for n in names if n not in sources]
    if unknown:
        print(f"fetch: unknown dataset '{unknown[0]}'; expected one of {', '.join(sources)} or all "
              "(the synthetic sets need no download)", file=sys.stderr)
        return 2
    try:
        for name in names:
            fetch(name, sources[name], data_folder(name), args.mirror, args.extra)
    except FetchError as e:
        print(f"fetch: FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
