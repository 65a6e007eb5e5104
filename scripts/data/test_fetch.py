#!/usr/bin/python3
"""Tests datasets/fetch.py (`./semisup4j fetch`) against a local HTTP server on 127.0.0.1 serving
generated files: never the internet.

    /usr/bin/python3 scripts/data/test_fetch.py
"""
import hashlib
import http.server
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FETCH = ROOT / "datasets" / "fetch.py"


class Server:
    """Serves a folder on 127.0.0.1 and remembers the paths asked for."""

    def __init__(self, folder):
        requests = self.requests = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self):
                requests.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def md5(data):
    return hashlib.md5(data).hexdigest()


class FetchTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.served, self.data = root / "served", root / "data"
        self.served.mkdir()
        self.files = {"a.gz": os.urandom(5000), "b.gz": os.urandom(7000)}
        for name, data in self.files.items():
            (self.served / name).write_bytes(data)
        archive = io.BytesIO()
        with tarfile.open(fileobj=archive, mode="w:gz") as tar:
            for member, data in {"batch_1.bin": b"1" * 300, "meta.txt": b"cat\ndog\n"}.items():
                info = tarfile.TarInfo("set-bin/" + member)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        (self.served / "set.tar.gz").write_bytes(archive.getvalue())
        self.manifest = root / "sources.json"
        self.sources = {
            "plain": {"base": "https://unused.invalid/", "files": {n: md5(d) for n, d in self.files.items()}},
            "packed": {"base": "https://unused.invalid/", "files": {"set.tar.gz": md5(archive.getvalue())},
                       "extract": {"archive": "set.tar.gz", "folder": "set-bin",
                                   "members": ["batch_1.bin", "meta.txt"]}},
        }
        self.manifest.write_text(json.dumps(self.sources))
        self.server = Server(self.served)

    def tearDown(self):
        self.server.close()
        self.tmp.cleanup()

    def fetch(self, *args, env=None):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("SEMISUP4J_")}
        environment.update({"SEMISUP4J_DATA": str(self.data)}, **(env or {}))
        return subprocess.run([sys.executable, str(FETCH), *args, "--manifest", str(self.manifest),
                               "--mirror", self.server.url], capture_output=True, text=True, env=environment,
                              timeout=60)

    def test_downloads_every_file_into_the_data_folder_and_a_second_run_downloads_nothing(self):
        result = self.fetch("plain")
        self.assertEqual(0, result.returncode, result.stderr)
        for name, data in self.files.items():
            self.assertEqual(data, (self.data / "plain" / name).read_bytes())
        self.assertEqual(["/a.gz", "/b.gz"], sorted(self.server.requests))
        again = self.fetch("plain")
        self.assertEqual(0, again.returncode, again.stderr)
        self.assertEqual(2, len(self.server.requests), "files with the right checksum are not fetched again")
        self.assertIn("already there, checksum ok", again.stdout)

    def test_a_wrong_checksum_fails_naming_the_file_and_keeps_what_was_there(self):
        self.assertEqual(0, self.fetch("plain").returncode)
        (self.served / "b.gz").write_bytes(b"tampered")  # the mirror now serves a different file
        (self.data / "plain" / "b.gz").write_bytes(b"stale")  # and the local copy is damaged
        result = self.fetch("plain")
        self.assertEqual(1, result.returncode)
        self.assertIn("b.gz: MD5 of the download", result.stderr)
        self.assertIn("expected " + md5(self.files["b.gz"]), result.stderr)
        self.assertEqual(self.files["a.gz"], (self.data / "plain" / "a.gz").read_bytes(), "earlier file intact")
        self.assertEqual(b"stale", (self.data / "plain" / "b.gz").read_bytes(), "nothing replaced by a bad download")
        self.assertFalse((self.data / "plain" / "b.gz.part").exists(), "no partial file left behind")

    def test_an_archive_is_checked_then_unpacked_into_the_loader_layout(self):
        result = self.fetch("packed")
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(b"1" * 300, (self.data / "packed" / "batch_1.bin").read_bytes())
        self.assertEqual(b"cat\ndog\n", (self.data / "packed" / "meta.txt").read_bytes())

    def test_a_per_set_variable_overrides_the_folder(self):
        other = Path(self.tmp.name) / "elsewhere"
        result = self.fetch("plain", env={"SEMISUP4J_PLAIN": str(other)})
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertTrue((other / "a.gz").is_file())
        self.assertFalse((self.data / "plain").exists())

    def test_the_default_folder_is_the_user_cache(self):
        sys.path.insert(0, str(FETCH.parent))
        import fetch
        self.assertEqual(Path("/c/semisup4j/mnist"), fetch.data_folder("mnist", {"XDG_CACHE_HOME": "/c"}))
        self.assertEqual(Path.home() / ".cache" / "semisup4j" / "svhn", fetch.data_folder("svhn", {}))
        self.assertEqual(Path("/d/cifar10"), fetch.data_folder("cifar10", {"SEMISUP4J_DATA": "/d"}))

    def test_an_unknown_name_lists_the_known_ones(self):
        result = self.fetch("imagenet")
        self.assertEqual(2, result.returncode)
        self.assertIn("unknown dataset 'imagenet'; expected one of plain, packed or all", result.stderr)

    def test_every_supported_set_has_sources_and_md5_sums(self):
        sources = json.loads((ROOT / "datasets" / "sources.json").read_text())
        self.assertEqual({"fashion-mnist", "mnist", "cifar10", "svhn"}, {k for k in sources if not k.startswith("_")})
        for name, source in sources.items():
            if name.startswith("_"):
                continue
            for file, checksum in {**source["files"], **source.get("extra", {})}.items():
                self.assertRegex(checksum, "^[0-9a-f]{32}$", f"{name}/{file}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
