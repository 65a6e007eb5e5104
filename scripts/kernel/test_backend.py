#!/usr/bin/python3
"""Script-level tests of the ND4J backend switch and of the native build choice (no GPU needed).

    /usr/bin/python3 scripts/kernel/test_backend.py

* SEMISUP4J_BACKEND=cuda (what `./semisup4j setup --backend cuda` exports) makes install.sh write a kernel
  whose class path has nd4j-cuda-11.6 and no CPU backend, and whose banner names the backend; cpu the reverse.
  The same for the CLI's class path (`./semisup4j --backend cuda classpath`).
* The plain linux-x86_64 nd4j-native build (what a CPU without AVX-512 must use) loads and computes: a Java
  probe with the CPU class path and platform.extension "" multiplies two matrices and reports, from
  /proc/self/maps, which libnd4jcpu.so it runs.
Kernelspecs go to a temporary prefix; nothing of the user's is touched.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import org.nd4j.linalg.factory.Nd4j;
public class Probe {
    public static void main(String[] args) throws Exception {
        var product = Nd4j.create(new double[][]{{1, 2}, {3, 4}}).mmul(Nd4j.create(new double[][]{{5}, {6}}));
        System.out.println("product " + product.getDouble(0) + " " + product.getDouble(1));
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
            if (line.contains("libnd4jcpu.so")) { System.out.println("library " + line.substring(line.indexOf('/'))); break; }
        }
    }
}
"""


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SEMISUP4J_BACKEND",)}
    env.update(extra)
    return env


class BackendTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="backend-test-")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def install(self, backend):
        prefix = Path(self.tmp.name) / backend
        name = f"s4j-backend-{backend}"
        result = subprocess.run(["bash", str(ROOT / "scripts/kernel/install.sh"), "--prefix", str(prefix),
                                 "--name", name], env=environment(SEMISUP4J_BACKEND=backend),
                                capture_output=True, text=True, timeout=900)
        self.assertEqual(0, result.returncode, result.stderr[-2000:])
        return json.loads((prefix / "share/jupyter/kernels" / name / "kernel.json").read_text())

    @staticmethod
    def classpath(spec):
        """The kernel's own class path and the notebook's (toolkit and natives), as one list."""
        argv = spec["argv"]
        notebook = next(a for a in argv if a.startswith("-Dsemisup4j.notebook.classpath="))
        return argv[argv.index("-cp") + 1].split(":") + notebook.split("=", 1)[1].split(":")

    @staticmethod
    def artifacts(jars, artifact):
        return [j for j in jars if f"/{artifact}/" in j]

    def test_cpu_kernel_has_the_native_backend_and_no_cuda(self):
        spec = self.install("cpu")
        jars = self.classpath(spec)
        self.assertTrue(self.artifacts(jars, "nd4j-native"), "nd4j-native on the class path")
        self.assertFalse([j for j in jars if "nd4j-cuda" in j], "no CUDA backend")
        self.assertIn("-Dsemisup4j.backend=cpu", spec["argv"])
        self.assertTrue(any(a.startswith("-Dorg.bytedeco.javacpp.platform.extension=") for a in spec["argv"]))
        self.assertEqual('Java (semisup4j, as "s4j-backend-cpu")', spec["display_name"])

    def test_cuda_kernel_has_the_cuda_backend_and_no_cpu_backend(self):
        spec = self.install("cuda")
        jars = self.classpath(spec)
        self.assertTrue([j for j in jars if "/nd4j-cuda-11.6/" in j], "nd4j-cuda-11.6 on the class path")
        self.assertFalse(self.artifacts(jars, "nd4j-native"), "no CPU backend: " + str(self.artifacts(jars, "nd4j-native")))
        self.assertIn("-Dsemisup4j.backend=cuda", spec["argv"])
        self.assertEqual("cuda", spec["env"]["SEMISUP4J_BACKEND"])
        self.assertEqual('Java (semisup4j, as "s4j-backend-cuda", CUDA)', spec["display_name"])

    def test_the_cli_class_path_switches_with_the_flag(self):
        def cli_jars(*flags):
            result = subprocess.run([str(ROOT / "semisup4j"), *flags, "classpath"], env=environment(),
                                    capture_output=True, text=True, timeout=900, cwd=ROOT)
            self.assertEqual(0, result.returncode, result.stderr[-2000:])
            return result.stdout.strip().split(":")
        cpu, cuda = cli_jars(), cli_jars("--backend", "cuda")
        self.assertTrue(self.artifacts(cpu, "nd4j-native") and not [j for j in cpu if "nd4j-cuda" in j])
        self.assertTrue([j for j in cuda if "/nd4j-cuda-11.6/" in j] and not self.artifacts(cuda, "nd4j-native"))

    def test_the_plain_native_build_loads_and_computes(self):
        jars = [j for j in self.classpath(self.install("cpu")) if j]
        probe = Path(self.tmp.name) / "Probe.java"
        probe.write_text(PROBE)
        result = subprocess.run(["java", "-Dorg.bytedeco.javacpp.platform.extension=", "-cp", ":".join(jars),
                                 str(probe)], capture_output=True, text=True, timeout=300,
                                env=environment(OMP_NUM_THREADS="1"))
        self.assertEqual(0, result.returncode, result.stderr[-2000:])
        self.assertIn("product 17.0 39.0", result.stdout)
        library = re.search(r"^library (.*)$", result.stdout, re.M)
        self.assertIsNotNone(library, result.stdout)
        print(f"\n  plain build loaded: {library.group(1)}", file=sys.stderr)
        self.assertRegex(library.group(1), r"/linux-x86_64/libnd4jcpu\.so$", "the plain build, not avx2/avx512/onednn")


if __name__ == "__main__":
    unittest.main(verbosity=2)
